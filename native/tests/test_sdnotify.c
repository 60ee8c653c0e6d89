/* Tests for jn_sd_notify against real datagram sockets, a path and an abstract name. */
#include <errno.h>
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

/* Binds a datagram receiver at name ("/path" or "@abstract"); returns its fd. */
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

/* Receives one datagram within a second into buffer, NUL-terminated; returns its length or -1. */
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

static void test_notify_path(void)
{
    char directory[] = "/tmp/junicorn-notify-XXXXXX", path[128], buffer[256];
    int fd;

    CHECK(mkdtemp(directory) != NULL);
    snprintf(path, sizeof path, "%s/notify", directory);
    fd = bind_receiver(path);
    CHECK(fd >= 0);
    setenv("NOTIFY_SOCKET", path, 1);

    CHECK(jn_sd_notify("READY=1\nSTATUS=2 workers, generation 1") == 1);
    CHECK(receive(fd, buffer, sizeof buffer) > 0);
    CHECK(strcmp(buffer, "READY=1\nSTATUS=2 workers, generation 1") == 0);

    close(fd);
    unlink(path);
    rmdir(directory);
    /* Nobody receives any more: the failure names the socket. */
    CHECK(jn_sd_notify("STOPPING=1") == -1 && errno == ENOENT);
    CHECK(strstr(jn_last_error(), "sendto(NOTIFY_SOCKET=") != NULL);
    unsetenv("NOTIFY_SOCKET");
}

static void test_notify_abstract(void)
{
    char name[64], buffer[256];
    int fd;

    snprintf(name, sizeof name, "@junicorn-notify-test-%d", (int) getpid());
    fd = bind_receiver(name);
    CHECK(fd >= 0);
    setenv("NOTIFY_SOCKET", name, 1);
    CHECK(jn_sd_notify("RELOADING=1\nMONOTONIC_USEC=123") == 1);
    CHECK(receive(fd, buffer, sizeof buffer) > 0);
    CHECK(strcmp(buffer, "RELOADING=1\nMONOTONIC_USEC=123") == 0);
    close(fd);
    unsetenv("NOTIFY_SOCKET");
}

static void test_notify_without_systemd(void)
{
    unsetenv("NOTIFY_SOCKET");
    CHECK(jn_sd_notify("READY=1") == 0);
    setenv("NOTIFY_SOCKET", "", 1);
    CHECK(jn_sd_notify("READY=1") == 0);
    setenv("NOTIFY_SOCKET", "relative/path", 1);
    CHECK(jn_sd_notify("READY=1") == -1 && errno == EINVAL);
    CHECK(strstr(jn_last_error(), "NOTIFY_SOCKET=relative/path") != NULL);
    unsetenv("NOTIFY_SOCKET");
}

void test_sdnotify(void)
{
    test_notify_path();
    test_notify_abstract();
    test_notify_without_systemd();
}
