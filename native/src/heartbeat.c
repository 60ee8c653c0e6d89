/* The heartbeat region: one 64-byte slot per worker in a memfd. The master maps all of it; a worker
 * launcher maps only its own slot's page, and Java writes the tick through a direct ByteBuffer.
 * A memfd rather than anonymous memory because workers are exec'ed, and a mapping does not survive
 * execve() while an inherited fd does. */
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "junicorn.h"
#include "error.h"

static int check_slot_count(int nslots)
{
    if (nslots <= 0 || nslots > (1 << 20))
        return jn_refuse(EINVAL, "heartbeat: %d slots is not in 1..%d", nslots, 1 << 20);
    return 0;
}

int jn_heartbeat_create(int nslots)
{
    off_t size = (off_t) nslots * JN_HEARTBEAT_SLOT_SIZE;
    int fd, err;

    if (check_slot_count(nslots) == -1)
        return -1;
    fd = memfd_create("junicorn-heartbeat", MFD_CLOEXEC);
    if (fd == -1)
        return jn_fail(errno, "memfd_create(junicorn-heartbeat, MFD_CLOEXEC)");
    if (ftruncate(fd, size) == -1) {
        jn_fail(errno, "ftruncate(heartbeat memfd %d, %lld)", fd, (long long) size);
        err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

void *jn_heartbeat_map(int fd, int nslots)
{
    size_t size = (size_t) nslots * JN_HEARTBEAT_SLOT_SIZE;
    struct stat status;
    void *region;

    if (check_slot_count(nslots) == -1)
        return NULL;
    if (fstat(fd, &status) == -1) {
        jn_fail(errno, "fstat(heartbeat fd %d)", fd);
        return NULL;
    }
    /* Mapping past the end of the memfd succeeds, but touching those pages is SIGBUS. */
    if ((off_t) size > status.st_size) {
        jn_refuse(EINVAL, "heartbeat: %d slots need %zu bytes, fd %d has %lld", nslots, size, fd,
                  (long long) status.st_size);
        return NULL;
    }
    region = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (region == MAP_FAILED) {
        jn_fail(errno, "mmap(heartbeat fd %d, %zu bytes)", fd, size);
        return NULL;
    }
    return region;
}

void *jn_heartbeat_map_slot(int fd, int slot)
{
    off_t offset = (off_t) slot * JN_HEARTBEAT_SLOT_SIZE;
    long page_size = sysconf(_SC_PAGESIZE);
    off_t page_offset;
    struct stat status;
    char *page;

    if (fstat(fd, &status) == -1) {
        jn_fail(errno, "fstat(heartbeat fd %d)", fd);
        return NULL;
    }
    if (slot < 0 || offset + JN_HEARTBEAT_SLOT_SIZE > status.st_size) {
        jn_refuse(EINVAL, "heartbeat: slot %d is outside fd %d's %lld bytes", slot, fd,
                  (long long) status.st_size);
        return NULL;
    }
    page_offset = offset - offset % page_size;
    page = mmap(NULL, (size_t) page_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, page_offset);
    if (page == MAP_FAILED) {
        jn_fail(errno, "mmap(heartbeat fd %d, offset %lld)", fd, (long long) page_offset);
        return NULL;
    }
    return page + (offset - page_offset);
}
