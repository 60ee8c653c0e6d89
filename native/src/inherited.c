/* Listening sockets this process did not bind: systemd's socket activation (LISTEN_FDS) hands them
 * over as fds 3, 4, ...; the master must find out what each one is before serving on it. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "junicorn.h"
#include "error.h"

static int check_listening_stream(int fd)
{
    int type = 0, listening = 0;
    socklen_t length = sizeof type;

    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == -1)
        return jn_fail(errno, "getsockopt(fd %d, SO_TYPE)", fd);
    if (type != SOCK_STREAM)
        return jn_refuse(ENOTSUP, "inherited fd %d is not a stream socket (SO_TYPE %d)", fd, type);
    length = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) == -1)
        return jn_fail(errno, "getsockopt(fd %d, SO_ACCEPTCONN)", fd);
    if (!listening)
        return jn_refuse(EINVAL, "inherited fd %d is a socket that does not listen", fd);
    return 0;
}

static int format_address(int fd, const struct sockaddr_storage *storage, socklen_t length,
                          char *text, int size)
{
    const struct sockaddr_in *v4 = (const struct sockaddr_in *) storage;
    const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *) storage;
    const struct sockaddr_un *un = (const struct sockaddr_un *) storage;
    char ip[INET6_ADDRSTRLEN];
    size_t path_length;

    switch (storage->ss_family) {
    case AF_INET:
        inet_ntop(AF_INET, &v4->sin_addr, ip, sizeof ip);
        return snprintf(text, (size_t) size, "%s:%d", ip, ntohs(v4->sin_port));
    case AF_INET6:
        inet_ntop(AF_INET6, &v6->sin6_addr, ip, sizeof ip);
        return snprintf(text, (size_t) size, "[%s]:%d", ip, ntohs(v6->sin6_port));
    case AF_UNIX:
        path_length = length - offsetof(struct sockaddr_un, sun_path);
        if (path_length == 0)
            return jn_refuse(EINVAL, "inherited fd %d is an unnamed unix socket", fd);
        /* An abstract name starts with NUL and is shown with '@', as ss(8) and systemd do. */
        if (un->sun_path[0] == '\0')
            return snprintf(text, (size_t) size, "unix:@%.*s", (int) path_length - 1, un->sun_path + 1);
        return snprintf(text, (size_t) size, "unix:%.*s", (int) strnlen(un->sun_path, path_length),
                        un->sun_path);
    default:
        return jn_refuse(EAFNOSUPPORT, "inherited fd %d: address family %d is not served",
                         fd, storage->ss_family);
    }
}

int jn_inherited_listener(int fd, char *address, int size)
{
    struct sockaddr_storage storage;
    socklen_t length = sizeof storage;
    int flags, written;

    if (address == NULL || size <= 0)
        return jn_refuse(EINVAL, "inherited fd %d: no buffer for its address", fd);
    if (check_listening_stream(fd) == -1)
        return -1;
    memset(&storage, 0, sizeof storage);
    if (getsockname(fd, (struct sockaddr *) &storage, &length) == -1)
        return jn_fail(errno, "getsockname(fd %d)", fd);
    written = format_address(fd, &storage, length, address, size);
    if (written < 0)
        return -1;
    if (written >= size)
        return jn_refuse(ENAMETOOLONG, "inherited fd %d: its address needs %d bytes", fd, written + 1);

    /* Inherited fds are not close-on-exec; the master's own listeners are, and workers get theirs
     * only through jn_spawn's fd map. */
    flags = fcntl(fd, F_GETFD);
    if (flags == -1 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) == -1)
        return jn_fail(errno, "fcntl(fd %d, F_SETFD, FD_CLOEXEC)", fd);
    return storage.ss_family;
}
