/* Tests for jn_unix_dgram_open and jn_unix_dgram_send: a path, an abstract name, a full queue, a
 * socket nobody listens on and bad names. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "junicorn.h"
#include "check.h"

static int bind_receiver(const char *name)
{
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    size_t length = strlen(name);
    int fd;

    memcpy(address.sun_path, name, length);
    if (name[0] == '@')
        address.sun_path[0] = '\0';
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd == -1 || bind(fd, (struct sockaddr *) &address,
                         (socklen_t) (offsetof(struct sockaddr_un, sun_path) + length)) == -1)
        return -1;
    return fd;
}

static ssize_t receive(int fd, char *buffer, size_t size)
{
    struct pollfd readable = { .fd = fd, .events = POLLIN };
    ssize_t got;

    if (poll(&readable, 1, 1000) != 1)
        return -1;
    got = recv(fd, buffer, size - 1, 0);
    if (got >= 0)
        buffer[got] = '\0';
    return got;
}

static void test_send_to_path(void)
{
    char directory[] = "/tmp/junicorn-dgram-XXXXXX", path[128], buffer[256];
    int receiver, fd;

    CHECK(mkdtemp(directory) != NULL);
    snprintf(path, sizeof path, "%s/statsd", directory);
    receiver = bind_receiver(path);
    CHECK(receiver >= 0);
    fd = jn_unix_dgram_open();
    CHECK(fd >= 0);
    CHECK((fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    CHECK((fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);

    CHECK(jn_unix_dgram_send(fd, path, "junicorn.requests:1|c", 21) == 1);
    CHECK(receive(receiver, buffer, sizeof buffer) == 21);
    CHECK(strcmp(buffer, "junicorn.requests:1|c") == 0);
    /* The same socket sends again, and only the bytes asked for. */
    CHECK(jn_unix_dgram_send(fd, path, "abcdef", 3) == 1);
    CHECK(receive(receiver, buffer, sizeof buffer) == 3 && strcmp(buffer, "abc") == 0);

    close(receiver);
    unlink(path);
    /* Nobody receives any more: the failure names the path. */
    CHECK(jn_unix_dgram_send(fd, path, "x", 1) == -1 && errno == ENOENT);
    CHECK(strstr(jn_last_error(), path) != NULL);
    CHECK(jn_close(fd) == 0);
    rmdir(directory);
}

static void test_send_to_abstract_name(void)
{
    char name[64], buffer[64];
    int receiver, fd;

    snprintf(name, sizeof name, "@junicorn-dgram-test-%d", (int) getpid());
    receiver = bind_receiver(name);
    CHECK(receiver >= 0);
    fd = jn_unix_dgram_open();
    CHECK(jn_unix_dgram_send(fd, name, "<11>hello", 9) == 1);
    CHECK(receive(receiver, buffer, sizeof buffer) == 9 && strcmp(buffer, "<11>hello") == 0);
    close(receiver);
    /* An abstract name nobody binds: refused by the kernel, not dropped. */
    CHECK(jn_unix_dgram_send(fd, name, "x", 1) == -1 && errno == ECONNREFUSED);
    CHECK(jn_close(fd) == 0);
}

/* A receiver that never reads: once its queue is full, sends are dropped (0), never blocked. */
static void test_full_queue_drops(void)
{
    char name[64], datagram[1024];
    int receiver, fd, i, result = 1;
    long deadline;

    snprintf(name, sizeof name, "@junicorn-dgram-full-%d", (int) getpid());
    receiver = bind_receiver(name);
    CHECK(receiver >= 0);
    fd = jn_unix_dgram_open();
    memset(datagram, 'x', sizeof datagram);
    deadline = monotonic_ms() + 5000;
    /* The queue holds net.unix.max_dgram_qlen datagrams (or the receive buffer's worth). */
    for (i = 0; result == 1 && monotonic_ms() < deadline; i++)
        result = jn_unix_dgram_send(fd, name, datagram, sizeof datagram);
    CHECK(result == 0);
    CHECK(i > 1);
    close(receiver);
    jn_close(fd);
}

static void test_bad_names(void)
{
    char long_name[200];
    int fd = jn_unix_dgram_open();

    CHECK(jn_unix_dgram_send(fd, "relative/path", "x", 1) == -1 && errno == EINVAL);
    CHECK(strstr(jn_last_error(), "relative/path is not an absolute path") != NULL);
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[0] = '/';
    long_name[sizeof long_name - 1] = '\0';
    CHECK(jn_unix_dgram_send(fd, long_name, "x", 1) == -1 && errno == EINVAL);
    CHECK(jn_unix_dgram_send(fd, NULL, "x", 1) == -1 && errno == EINVAL);
    CHECK(jn_unix_dgram_send(fd, "/tmp/x", "x", -1) == -1 && errno == EINVAL);
    CHECK(jn_unix_dgram_send(-1, "/tmp/x", "x", 1) == -1 && errno == EBADF);
    CHECK(strstr(jn_last_error(), "sendto(/tmp/x, 1 bytes) failed") != NULL);
    jn_close(fd);
}

void test_unixdgram(void)
{
    test_send_to_path();
    test_send_to_abstract_name();
    test_full_queue_drops();
    test_bad_names();
}
