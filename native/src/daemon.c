/* Daemon mode; see daemon.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon.h"
#include "error.h"

#define READY_PREFIX "ready "
#define FAILED_PREFIX "failed "

static __attribute__((noreturn)) void wait_for_readiness(int ready_fd)
{
    char message[4096];
    size_t length = 0;
    ssize_t got;

    while (length < sizeof message - 1) {
        got = read(ready_fd, message + length, sizeof message - 1 - length);
        if (got == -1 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        length += (size_t) got;
    }
    message[length] = '\0';
    message[strcspn(message, "\n")] = '\0';
    if (strncmp(message, READY_PREFIX, strlen(READY_PREFIX)) == 0)
        exit(0);
    if (strncmp(message, FAILED_PREFIX, strlen(FAILED_PREFIX)) == 0)
        fprintf(stderr, "junicorn: error: the daemon could not start: %s\n",
                message + strlen(FAILED_PREFIX));
    else
        fprintf(stderr, "junicorn: error: the daemon stopped before it was ready; its error log "
                        "(errorlog) says why\n");
    exit(1);
}

static int read_from_dev_null(void)
{
    int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

    if (null_fd == -1)
        return jn_fail(errno, "open(/dev/null, O_RDONLY)");
    if (dup2(null_fd, 0) == -1) {
        int err = errno;

        close(null_fd);
        return jn_fail(err, "dup2(/dev/null, 0)");
    }
    close(null_fd);
    return 0;
}

int jn_daemonize(int *ready_fd)
{
    int ready[2];
    pid_t pid;

    if (pipe2(ready, O_CLOEXEC) == -1)
        return jn_fail(errno, "pipe2(O_CLOEXEC) for the daemon's readiness");
    pid = fork();
    if (pid == -1)
        return jn_fail(errno, "fork() to daemonize");
    if (pid > 0) {
        close(ready[1]);
        /* The middle process exits at once; reaped here so it never lingers as a zombie. */
        while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
            ;
        wait_for_readiness(ready[0]);
    }
    close(ready[0]);
    if (setsid() == -1)
        return jn_fail(errno, "setsid()");
    pid = fork();
    if (pid == -1)
        return jn_fail(errno, "second fork() to daemonize");
    if (pid > 0)
        _exit(0);
    if (read_from_dev_null() == -1)
        return -1;
    *ready_fd = ready[1];
    return 0;
}
