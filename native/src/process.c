/* Calls that change the master process itself: replacing its program, moving its output and
 * raising its file descriptor limit. */
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "junicorn.h"
#include "error.h"

int jn_exec(const char *path, char *const argv[], char *const envp[])
{
    if (path == NULL || argv == NULL || envp == NULL)
        return jn_refuse(EINVAL, "exec: path, argv and envp are required");
    execve(path, argv, envp);
    return jn_fail(errno, "execve(%s)", path);
}

int jn_redirect_output(const char *path)
{
    const char *target = path != NULL && path[0] != '\0' ? path : "/dev/null";
    int fd, err;

    fd = open(target, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd == -1)
        return jn_fail(errno, "open(%s, O_WRONLY | O_APPEND | O_CREAT)", target);
    if (dup2(fd, 1) == -1 || dup2(fd, 2) == -1) {
        err = errno;
        close(fd);
        return jn_fail(err, "dup2(%s, 1 and 2)", target);
    }
    close(fd);
    return 0;
}

static long long limit_value(rlim_t limit)
{
    return limit == RLIM_INFINITY ? -1 : (long long) limit;
}

int jn_raise_fd_limit(long long limits[2])
{
    struct rlimit nofile;

    if (getrlimit(RLIMIT_NOFILE, &nofile) == -1)
        return jn_fail(errno, "getrlimit(RLIMIT_NOFILE)");
    limits[0] = limit_value(nofile.rlim_cur);
    if (nofile.rlim_cur != nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &nofile) == -1)
            return jn_fail(errno, "setrlimit(RLIMIT_NOFILE, %lld)", limit_value(nofile.rlim_max));
    }
    limits[1] = limit_value(nofile.rlim_cur);
    return 0;
}
