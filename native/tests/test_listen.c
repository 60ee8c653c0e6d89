/* Tests for the TCP and unix listeners. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "junicorn.h"
#include "check.h"

/* Connects to ip:port, accepts on listener and returns 1 when the accepted socket has
 * TCP_NODELAY, which it inherits from the listener. */
static int connect_and_accept(int listener, int family, const char *ip, int port)
{
    struct sockaddr_storage address = { 0 };
    struct sockaddr_in *v4 = (struct sockaddr_in *) &address;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) &address;
    socklen_t length = sizeof *v4, option_length = sizeof(int);
    int client, accepted, nodelay = 0;

    if (family == AF_INET) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t) port);
        inet_pton(AF_INET, ip, &v4->sin_addr);
    } else {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t) port);
        inet_pton(AF_INET6, ip, &v6->sin6_addr);
        length = sizeof *v6;
    }
    client = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (client == -1 || connect(client, (struct sockaddr *) &address, length) == -1)
        return 0;
    accepted = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    if (accepted != -1)
        getsockopt(accepted, IPPROTO_TCP, TCP_NODELAY, &nodelay, &option_length);
    close(accepted);
    close(client);
    return accepted != -1 && nodelay;
}

static void test_listen_inet4(void)
{
    int fd, port;

    fd = jn_listen_inet("127.0.0.1", 0, 16, 0);
    CHECK(fd >= 0);
    port = jn_local_port(fd);
    CHECK(port > 0);
    CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
    CHECK((fcntl(fd, F_GETFL) & O_NONBLOCK) == 0);
    CHECK(connect_and_accept(fd, AF_INET, "127.0.0.1", port));
    CHECK(jn_close(fd) == 0);
}

static void test_listen_inet6(void)
{
    int fd, v6only = 0;
    socklen_t length = sizeof v6only;

    fd = jn_listen_inet("::1", 0, 16, 0);
    if (fd == -1 && (errno == EADDRNOTAVAIL || errno == EAFNOSUPPORT)) {
        fprintf(stderr, "skip: no IPv6 loopback here (%s)\n", jn_last_error());
        return;
    }
    CHECK(fd >= 0);
    CHECK(getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &length) == 0 && v6only == 1);
    CHECK(connect_and_accept(fd, AF_INET6, "::1", jn_local_port(fd)));
    CHECK(jn_close(fd) == 0);
}

static void test_reuse_port_shares_a_port(void)
{
    char expected[128];
    int first, second, third, port;

    first = jn_listen_inet("127.0.0.1", 0, 16, 1);
    port = jn_local_port(first);
    second = jn_listen_inet("127.0.0.1", port, 16, 1);
    CHECK(first >= 0 && second >= 0);
    CHECK(jn_local_port(second) == port);

    third = jn_listen_inet("127.0.0.1", port, 16, 0);
    CHECK(third == -1 && errno == EADDRINUSE);
    snprintf(expected, sizeof expected, "bind(127.0.0.1:%d) failed: Address already in use", port);
    CHECK(strcmp(jn_last_error(), expected) == 0);
    jn_close(first);
    jn_close(second);
}

static void test_listen_inet_refuses_names(void)
{
    CHECK(jn_listen_inet("localhost", 0, 16, 0) == -1 && errno == EINVAL);
    CHECK(strstr(jn_last_error(), "not a numeric IPv4 or IPv6 address") != NULL);
    CHECK(jn_listen_inet("127.0.0.1", 70000, 16, 0) == -1 && errno == EINVAL);
}

static int bind_and_close_unix(const char *path)
{
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    int fd;

    strcpy(address.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1 || bind(fd, (struct sockaddr *) &address, sizeof address) == -1)
        return -1;
    return close(fd);
}

static void test_listen_unix(void)
{
    char directory[] = "/tmp/junicorn-test-XXXXXX", path[128], file[128];
    struct stat status;
    int fd, file_fd;

    CHECK(mkdtemp(directory) != NULL);
    snprintf(path, sizeof path, "%s/stale.sock", directory);
    snprintf(file, sizeof file, "%s/regular", directory);

    CHECK(bind_and_close_unix(path) == 0);
    fd = jn_listen_unix(path, 16, 0600);
    CHECK(fd >= 0);
    CHECK(stat(path, &status) == 0 && S_ISSOCK(status.st_mode));
    CHECK((status.st_mode & 0777) == 0600);
    CHECK(jn_local_port(fd) == -1 && errno == EAFNOSUPPORT);

    CHECK(jn_listen_unix(path, 16, -1) == -1 && errno == EADDRINUSE);
    CHECK(jn_close(fd) == 0);

    file_fd = open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    close(file_fd);
    CHECK(jn_listen_unix(file, 16, -1) == -1 && errno == EEXIST);
    CHECK(strstr(jn_last_error(), "is not a socket") != NULL);
    CHECK(stat(file, &status) == 0 && S_ISREG(status.st_mode));

    unlink(path);
    unlink(file);
    rmdir(directory);
}

static void test_describe_listener(void)
{
    char text[256], expected[64], path[] = "/tmp/junicorn-describe-XXXXXX";
    int inet, unix_fd, plain;

    inet = jn_listen_inet("127.0.0.1", 0, 16, 0);
    CHECK(inet >= 0 && jn_describe_listener(inet, text, sizeof text) == 0);
    snprintf(expected, sizeof expected, "inet 127.0.0.1 %d", jn_local_port(inet));
    CHECK(strcmp(text, expected) == 0);
    CHECK(jn_describe_listener(inet, text, 8) == -1 && errno == ENAMETOOLONG);
    close(inet);

    CHECK(mkdtemp(path) != NULL);
    strcat(path, "/s");
    unix_fd = jn_listen_unix(path, 16, -1);
    CHECK(unix_fd >= 0 && jn_describe_listener(unix_fd, text, sizeof text) == 0);
    snprintf(expected, sizeof expected, "unix %s", path);
    CHECK(strcmp(text, expected) == 0);
    close(unix_fd);
    unlink(path);
    path[strlen(path) - 2] = '\0';
    rmdir(path);

    plain = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(jn_describe_listener(plain, text, sizeof text) == -1 && errno == EINVAL);
    close(plain);
    CHECK(jn_describe_listener(0, text, sizeof text) == -1);
}

void test_listen(void)
{
    test_describe_listener();
    test_listen_inet4();
    test_listen_inet6();
    test_reuse_port_shares_a_port();
    test_listen_inet_refuses_names();
    test_listen_unix();
}
