/* Tests for the heartbeat memfd: two mappings see the same bytes. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "junicorn.h"
#include "check.h"

#define SLOTS 70

void test_heartbeat(void)
{
    volatile int64_t *slot;
    char *writer, *reader;
    int fd;

    fd = jn_heartbeat_create(SLOTS);
    CHECK(fd >= 0);
    writer = jn_heartbeat_map(fd, SLOTS);
    reader = jn_heartbeat_map(fd, SLOTS);
    CHECK(writer != NULL && reader != NULL && writer != reader);
    if (writer == NULL || reader == NULL)
        return;

    CHECK(*(int64_t *) (reader + 65 * JN_HEARTBEAT_SLOT_SIZE) == 0);
    *(volatile int64_t *) (writer + 65 * JN_HEARTBEAT_SLOT_SIZE) = 123456789;
    CHECK(*(volatile int64_t *) (reader + 65 * JN_HEARTBEAT_SLOT_SIZE) == 123456789);

    /* Slot 65 lies on the second page: the slot mapping must land on the right offset. */
    slot = jn_heartbeat_map_slot(fd, 65);
    CHECK(slot != NULL && *slot == 123456789);
    if (slot != NULL) {
        *slot = 42;
        CHECK(*(volatile int64_t *) (reader + 65 * JN_HEARTBEAT_SLOT_SIZE) == 42);
    }

    CHECK(jn_heartbeat_map_slot(fd, SLOTS) == NULL && errno == EINVAL);
    CHECK(jn_heartbeat_map(fd, SLOTS + 1) == NULL && errno == EINVAL);
    CHECK(jn_heartbeat_create(0) == -1 && errno == EINVAL);

    munmap(writer, SLOTS * JN_HEARTBEAT_SLOT_SIZE);
    munmap(reader, SLOTS * JN_HEARTBEAT_SLOT_SIZE);
    jn_close(fd);
}
