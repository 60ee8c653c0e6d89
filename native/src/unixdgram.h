/* The sockaddr_un of a unix datagram destination, shared by jn_sd_notify and jn_unix_dgram_send. */
#ifndef JN_UNIXDGRAM_H
#define JN_UNIXDGRAM_H

#include <sys/socket.h>
#include <sys/un.h>

/* Fills address for name, an absolute path or an @abstract name, and stores the address length.
 * Returns 0, or -1 with EINVAL (message naming what) when name is neither or too long. */
int jn_unix_address(const char *what, const char *name, struct sockaddr_un *address,
                    socklen_t *length);

#endif
