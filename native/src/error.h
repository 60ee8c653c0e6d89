/* The thread-local last-error message behind jn_last_error(), shared by libjunicorn and the
 * launcher. Each returns -1 with errno set to err, so failing paths read
 * `return jn_fail(errno, "bind(%s)", where);`. */
#ifndef JN_ERROR_H
#define JN_ERROR_H

/* For a failed call: records "<format ...> failed: <strerror(err)>". */
int jn_fail(int err, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* For a refusal that is not a failed call ("PATH exists and is not a socket"): records the message
 * as given. */
int jn_refuse(int err, const char *format, ...) __attribute__((format(printf, 2, 3)));

#endif
