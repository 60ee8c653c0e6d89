/* Listening sockets. The master binds once and every worker inherits the same fd (Unicorn's model):
 * one accept queue, so a dying worker loses no queued connection. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "junicorn.h"
#include "error.h"

struct inet_address {
    struct sockaddr_storage storage;
    socklen_t length;
    int family;
    char text[INET6_ADDRSTRLEN + 16]; /* "127.0.0.1:80" or "[::1]:80", for messages */
};

static int parse_inet_address(const char *ip, int port, struct inet_address *address)
{
    struct sockaddr_in *v4 = (struct sockaddr_in *) &address->storage;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) &address->storage;

    memset(address, 0, sizeof *address);
    if (ip == NULL)
        return jn_refuse(EINVAL, "listen: no address given");
    if (port < 0 || port > 65535)
        return jn_refuse(EINVAL, "listen: port %d of %s is not in 0..65535", port, ip);

    if (inet_pton(AF_INET, ip, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t) port);
        address->length = sizeof *v4;
        address->family = AF_INET;
        snprintf(address->text, sizeof address->text, "%s:%d", ip, port);
        return 0;
    }
    if (inet_pton(AF_INET6, ip, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t) port);
        address->length = sizeof *v6;
        address->family = AF_INET6;
        snprintf(address->text, sizeof address->text, "[%s]:%d", ip, port);
        return 0;
    }
    return jn_refuse(EINVAL, "listen: %s is not a numeric IPv4 or IPv6 address", ip);
}

static int enable_option(int fd, int level, int option, const char *option_name,
                         const char *where)
{
    int on = 1;

    if (setsockopt(fd, level, option, &on, sizeof on) == -1)
        return jn_fail(errno, "setsockopt(%s, %s)", where, option_name);
    return 0;
}

/* Closes a half-made socket without losing the errno and message of what went wrong. */
static int close_after_failure(int fd)
{
    int err = errno;

    close(fd);
    errno = err;
    return -1;
}

static int set_inet_options(int fd, const struct inet_address *address, int reuse_port)
{
    const char *where = address->text;

    if (enable_option(fd, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR", where) == -1)
        return -1;
    if (reuse_port && enable_option(fd, SOL_SOCKET, SO_REUSEPORT, "SO_REUSEPORT", where) == -1)
        return -1;
    /* Without V6ONLY, [::]:80 would also take 0.0.0.0:80 and a second bind to it would fail. */
    if (address->family == AF_INET6
        && enable_option(fd, IPPROTO_IPV6, IPV6_V6ONLY, "IPV6_V6ONLY", where) == -1)
        return -1;
    return enable_option(fd, IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY", where);
}

int jn_listen_inet(const char *ip, int port, int backlog, int reuse_port)
{
    struct inet_address address;
    int fd;

    if (parse_inet_address(ip, port, &address) == -1)
        return -1;
    fd = socket(address.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1)
        return jn_fail(errno, "socket(%s)", address.text);
    if (set_inet_options(fd, &address, reuse_port) == -1)
        return close_after_failure(fd);
    if (bind(fd, (struct sockaddr *) &address.storage, address.length) == -1) {
        jn_fail(errno, "bind(%s)", address.text);
        return close_after_failure(fd);
    }
    if (listen(fd, backlog) == -1) {
        jn_fail(errno, "listen(%s, %d)", address.text, backlog);
        return close_after_failure(fd);
    }
    return fd;
}

/* Connecting tells a stale socket file (ECONNREFUSED) from one a running server accepts on. */
static int is_socket_alive(const struct sockaddr_un *address)
{
    int fd, connected;

    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd == -1)
        return 0;
    connected = connect(fd, (const struct sockaddr *) address, sizeof *address);
    /* EAGAIN: the server's backlog is full, it is alive all the same. */
    connected = connected == 0 || errno == EAGAIN;
    close(fd);
    return connected;
}

static int remove_stale_socket(const struct sockaddr_un *address)
{
    const char *path = address->sun_path;
    struct stat status;

    if (lstat(path, &status) == -1)
        return errno == ENOENT ? 0 : jn_fail(errno, "lstat(%s)", path);
    if (!S_ISSOCK(status.st_mode))
        return jn_refuse(EEXIST, "listen: %s exists and is not a socket", path);
    if (is_socket_alive(address))
        return jn_refuse(EADDRINUSE, "listen: %s is in use by a running server", path);
    if (unlink(path) == -1)
        return jn_fail(errno, "unlink(stale socket %s)", path);
    return 0;
}

static int bind_unix(int fd, const struct sockaddr_un *address, int backlog, int mode)
{
    const char *path = address->sun_path;
    int err;

    if (bind(fd, (const struct sockaddr *) address, sizeof *address) == -1)
        return jn_fail(errno, "bind(%s)", path);
    if (mode >= 0 && chmod(path, (mode_t) mode) == -1)
        jn_fail(errno, "chmod(%s, %04o)", path, (unsigned) mode);
    else if (listen(fd, backlog) == -1)
        jn_fail(errno, "listen(%s, %d)", path, backlog);
    else
        return 0;

    /* The file we just created would look stale to the next attempt; leave nothing behind. */
    err = errno;
    unlink(path);
    errno = err;
    return -1;
}

int jn_listen_unix(const char *path, int backlog, int mode)
{
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    int fd;

    if (path == NULL || path[0] == '\0')
        return jn_refuse(EINVAL, "listen: no unix socket path given");
    if (strlen(path) >= sizeof address.sun_path)
        return jn_refuse(ENAMETOOLONG, "listen: unix socket path %s is longer than %zu bytes",
                         path, sizeof address.sun_path - 1);
    strcpy(address.sun_path, path);

    if (remove_stale_socket(&address) == -1)
        return -1;
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1)
        return jn_fail(errno, "socket(AF_UNIX) for %s", path);
    if (bind_unix(fd, &address, backlog, mode) == -1)
        return close_after_failure(fd);
    return fd;
}

int jn_local_port(int fd)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof address;

    if (getsockname(fd, (struct sockaddr *) &address, &length) == -1)
        return jn_fail(errno, "getsockname(%d)", fd);
    if (address.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *) &address)->sin_port);
    if (address.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *) &address)->sin6_port);
    return jn_refuse(EAFNOSUPPORT, "local port of fd %d: not an AF_INET/AF_INET6 socket", fd);
}

int jn_describe_listener(int fd, char *buffer, int size)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    char ip[INET6_ADDRSTRLEN];
    int listening = 0, written;
    socklen_t option_length = sizeof listening;

    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &option_length) == -1)
        return jn_fail(errno, "getsockopt(%d, SO_ACCEPTCONN)", fd);
    if (!listening)
        return jn_refuse(EINVAL, "fd %d is a socket that does not listen", fd);
    if (getsockname(fd, (struct sockaddr *) &address, &length) == -1)
        return jn_fail(errno, "getsockname(%d)", fd);
    if (address.ss_family == AF_INET) {
        inet_ntop(AF_INET, &((struct sockaddr_in *) &address)->sin_addr, ip, sizeof ip);
        written = snprintf(buffer, (size_t) size, "inet %s %d", ip,
                           ntohs(((struct sockaddr_in *) &address)->sin_port));
    } else if (address.ss_family == AF_INET6) {
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *) &address)->sin6_addr, ip, sizeof ip);
        written = snprintf(buffer, (size_t) size, "inet %s %d", ip,
                           ntohs(((struct sockaddr_in6 *) &address)->sin6_port));
    } else if (address.ss_family == AF_UNIX) {
        written = snprintf(buffer, (size_t) size, "unix %.*s",
                           (int) (length - offsetof(struct sockaddr_un, sun_path)),
                           ((struct sockaddr_un *) &address)->sun_path);
    } else {
        return jn_refuse(EAFNOSUPPORT, "fd %d: address family %d is not inet or unix", fd,
                         address.ss_family);
    }
    if (written < 0 || written >= size)
        return jn_refuse(ENAMETOOLONG, "address of fd %d does not fit %d bytes", fd, size);
    return 0;
}

int jn_close(int fd)
{
    if (close(fd) == -1 && errno != EINTR)
        return jn_fail(errno, "close(%d)", fd);
    return 0;
}
