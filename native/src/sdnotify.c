/* sd_notify(3) without libsystemd: one datagram to $NOTIFY_SOCKET, as the MIT-0 standalone
 * implementation in systemd's man page does. The JDK has no unix datagram sockets, so the Java
 * master sends through here. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "junicorn.h"
#include "error.h"

int jn_sd_notify(const char *state)
{
    const char *path = getenv("NOTIFY_SOCKET");
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    size_t length;
    ssize_t sent;
    int fd, err;

    if (path == NULL || path[0] == '\0')
        return 0;
    if (state == NULL)
        return jn_refuse(EINVAL, "sd_notify: no state given");
    length = strlen(path);
    if ((path[0] != '/' && path[0] != '@') || length >= sizeof address.sun_path)
        return jn_refuse(EINVAL, "sd_notify: NOTIFY_SOCKET=%s is not an absolute path or an "
                         "@abstract name shorter than %zu bytes", path, sizeof address.sun_path);
    memcpy(address.sun_path, path, length);
    /* "@name" is the abstract namespace: a leading NUL, and the length counts no trailing NUL. */
    if (path[0] == '@')
        address.sun_path[0] = '\0';

    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd == -1)
        return jn_fail(errno, "socket(AF_UNIX, SOCK_DGRAM) for NOTIFY_SOCKET=%s", path);
    sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *) &address,
                  (socklen_t) (offsetof(struct sockaddr_un, sun_path) + length));
    err = errno;
    close(fd);
    if (sent == -1)
        return jn_fail(err, "sendto(NOTIFY_SOCKET=%s)", path);
    return 1;
}
