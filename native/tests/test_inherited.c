/* Tests for jn_inherited_listener: what systemd's socket activation may hand over. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "junicorn.h"
#include "check.h"

/* As systemd passes it: not close-on-exec. */
static void clear_cloexec(int fd)
{
    fcntl(fd, F_SETFD, 0);
}

static void test_inherited_inet(void)
{
    char address[128], expected[64];
    int fd, port;

    fd = jn_listen_inet("127.0.0.1", 0, 16, 0);
    port = jn_local_port(fd);
    clear_cloexec(fd);
    CHECK(jn_inherited_listener(fd, address, sizeof address) == AF_INET);
    snprintf(expected, sizeof expected, "127.0.0.1:%d", port);
    CHECK(strcmp(address, expected) == 0);
    CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
    CHECK(jn_inherited_listener(fd, address, 4) == -1 && errno == ENAMETOOLONG);
    jn_close(fd);

    fd = jn_listen_inet("::1", 0, 16, 0);
    if (fd >= 0) {
        CHECK(jn_inherited_listener(fd, address, sizeof address) == AF_INET6);
        snprintf(expected, sizeof expected, "[::1]:%d", jn_local_port(fd));
        CHECK(strcmp(address, expected) == 0);
        jn_close(fd);
    }
}

static void test_inherited_unix(void)
{
    char directory[] = "/tmp/junicorn-inherit-XXXXXX", path[128], address[160], expected[160];
    int fd;

    CHECK(mkdtemp(directory) != NULL);
    snprintf(path, sizeof path, "%s/app.sock", directory);
    fd = jn_listen_unix(path, 16, -1);
    CHECK(jn_inherited_listener(fd, address, sizeof address) == AF_UNIX);
    snprintf(expected, sizeof expected, "unix:%s", path);
    CHECK(strcmp(address, expected) == 0);
    jn_close(fd);
    unlink(path);
    rmdir(directory);
}

static void test_inherited_refusals(void)
{
    char address[128];
    int stream, datagram;

    stream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(jn_inherited_listener(stream, address, sizeof address) == -1 && errno == EINVAL);
    CHECK(strstr(jn_last_error(), "does not listen") != NULL);
    datagram = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    CHECK(jn_inherited_listener(datagram, address, sizeof address) == -1 && errno == ENOTSUP);
    close(stream);
    close(datagram);
    CHECK(jn_inherited_listener(999, address, sizeof address) == -1 && errno == EBADF);
}

void test_inherited(void)
{
    test_inherited_inet();
    test_inherited_unix();
    test_inherited_refusals();
}
