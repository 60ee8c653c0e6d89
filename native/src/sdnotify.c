/* sd_notify(3) without libsystemd: one datagram to $NOTIFY_SOCKET, as the MIT-0 standalone
 * implementation in systemd's man page does. The JDK has no unix datagram sockets, so the Java
 * master sends through here. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "junicorn.h"
#include "error.h"
#include "unixdgram.h"

int jn_sd_notify(const char *state)
{
    const char *path = getenv("NOTIFY_SOCKET");
    struct sockaddr_un address;
    socklen_t length;
    ssize_t sent;
    int fd, err;

    if (path == NULL || path[0] == '\0')
        return 0;
    if (state == NULL)
        return jn_refuse(EINVAL, "sd_notify: no state given");
    if (jn_unix_address("sd_notify: NOTIFY_SOCKET", path, &address, &length) == -1)
        return -1;

    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd == -1)
        return jn_fail(errno, "socket(AF_UNIX, SOCK_DGRAM) for NOTIFY_SOCKET=%s", path);
    sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *) &address, length);
    err = errno;
    close(fd);
    if (sent == -1)
        return jn_fail(err, "sendto(NOTIFY_SOCKET=%s)", path);
    return 1;
}
