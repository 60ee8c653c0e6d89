/* Datagrams to a unix socket path: StatsD (statsd_host = unix://PATH) and syslog (syslog_addr =
 * unix://PATH) from the master and from workers. The JDK's unix-domain channels are stream-only,
 * so Java sends through here. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "junicorn.h"
#include "error.h"
#include "unixdgram.h"

int jn_unix_address(const char *what, const char *name, struct sockaddr_un *address,
                    socklen_t *length)
{
    size_t size;

    if (name == NULL)
        return jn_refuse(EINVAL, "%s: no socket path given", what);
    size = strlen(name);
    if ((name[0] != '/' && name[0] != '@') || size >= sizeof address->sun_path)
        return jn_refuse(EINVAL, "%s=%s is not an absolute path or an @abstract name shorter "
                         "than %zu bytes", what, name, sizeof address->sun_path);
    memset(address, 0, sizeof *address);
    address->sun_family = AF_UNIX;
    memcpy(address->sun_path, name, size);
    /* "@name" is the abstract namespace: a leading NUL, and the length counts no trailing NUL. */
    if (name[0] == '@')
        address->sun_path[0] = '\0';
    *length = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + size);
    return 0;
}

int jn_unix_dgram_open(void)
{
    int fd;

    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd == -1)
        return jn_fail(errno, "socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK)");
    return fd;
}

int jn_unix_dgram_send(int fd, const char *path, const void *data, int length)
{
    struct sockaddr_un address;
    socklen_t address_length;
    ssize_t sent;

    if (length < 0)
        return jn_refuse(EINVAL, "sendto(%s): negative length %d", path, length);
    if (jn_unix_address("unix datagram socket", path, &address, &address_length) == -1)
        return -1;
    sent = sendto(fd, data, (size_t) length, MSG_NOSIGNAL, (struct sockaddr *) &address,
                  address_length);
    if (sent == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
    if (sent == -1)
        return jn_fail(errno, "sendto(%s, %d bytes)", path, length);
    return 1;
}
