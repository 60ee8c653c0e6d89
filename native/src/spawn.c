/* Process spawning and reaping. A JVM master must not run anything but async-signal-safe calls
 * between fork() and execve() (only the forking thread survives; the JVM's locks may be held by
 * threads that no longer exist), so, as in skalibs' cspawn, everything the child needs is prepared
 * before the fork and the child only moves fds, resets signals and execs. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "junicorn.h"
#include "credentials.h"
#include "error.h"

#define DEFAULT_NR_OPEN (1024 * 1024)

/* What the child did when it failed, sent to the parent over the report pipe. */
enum child_step {
    STEP_MOVE_REPORT_FD, STEP_MOVE_FD, STEP_PLACE_FD, STEP_SETGROUPS, STEP_SETGID, STEP_SETUID,
    STEP_CHDIR, STEP_SETPRIORITY, STEP_UNBLOCK_SIGNALS, STEP_EXEC
};

struct child_failure {
    int step;
    int fd;
    int err;
};

/* Everything the child reads; built before fork() so the child never allocates. */
struct child_plan {
    const char *path;
    char *const *argv;
    char *const *envp;
    const int *sources; /* fd_map with -1 replaced by an open /dev/null */
    int *moved;         /* scratch: each source's copy above nfds */
    int nfds;
    int report_fd;
    int fd_limit;
    const struct jn_credentials *credentials;
    sigset_t empty_mask;
    struct sigaction default_action;
};

static __attribute__((noreturn)) void report_and_exit(int report_fd, int step, int fd, int err)
{
    struct child_failure failure = { .step = step, .fd = fd, .err = err };
    ssize_t ignored;

    ignored = write(report_fd, &failure, sizeof failure);
    (void) ignored;
    _exit(127);
}

/* Fallback for kernels before 5.11, which lack CLOSE_RANGE_CLOEXEC. */
static void close_fds_except(int first, int keep, int fd_limit)
{
    int fd;

    for (fd = first; fd < fd_limit; fd++)
        if (fd != keep)
            close(fd);
}

static void reset_signals(const struct child_plan *plan)
{
    int number;

    /* SIG_IGN survives execve() (a JVM ignores PIPE and XFSZ); handlers do not, but one could run
     * before the exec. Errors are expected for KILL, STOP and glibc's reserved realtime signals. */
    for (number = 1; number < NSIG; number++)
        sigaction(number, &plan->default_action, NULL);
}

/*
 * Drops privileges in the order that works: supplementary groups and the group need root, so they go
 * before the user. Raw system calls: glibc's setuid() signals every thread of the process to change
 * its ids too, machinery a child of a multi-threaded parent should not enter; here only one thread
 * exists, and the kernel changes ids per thread.
 */
static void become(const struct child_plan *plan, int report)
{
    const struct jn_credentials *credentials = plan->credentials;
    int nice_value;

    if (credentials->change_ids) {
        if (syscall(SYS_setgroups, (size_t) credentials->group_count, credentials->groups) == -1)
            report_and_exit(report, STEP_SETGROUPS, -1, errno);
        if (syscall(SYS_setresgid, credentials->gid, credentials->gid, credentials->gid) == -1)
            report_and_exit(report, STEP_SETGID, -1, errno);
        if (syscall(SYS_setresuid, credentials->uid, credentials->uid, credentials->uid) == -1)
            report_and_exit(report, STEP_SETUID, -1, errno);
    }
    if (credentials->umask != -1)
        umask((mode_t) credentials->umask);
    /* Before execve, while the child has one thread: every thread of the JVM inherits the value. */
    if (credentials->nice_increment != 0) {
        errno = 0;
        nice_value = getpriority(PRIO_PROCESS, 0);
        if ((nice_value == -1 && errno != 0)
            || setpriority(PRIO_PROCESS, 0, nice_value + credentials->nice_increment) == -1)
            report_and_exit(report, STEP_SETPRIORITY, -1, errno);
    }
    /* After setuid: the directory must be one the new user may enter. */
    if (credentials->directory != NULL && chdir(credentials->directory) == -1)
        report_and_exit(report, STEP_CHDIR, -1, errno);
}

static __attribute__((noreturn)) void run_child(const struct child_plan *plan)
{
    int report, i;

    /* First lift every source and the report pipe above the targets, so that placing fd i can
     * never overwrite a source still to be placed. Nothing is placed yet when the pipe itself
     * cannot move, so its original fd still carries the report: a child that exited without one
     * would pass for a successful execve. */
    report = fcntl(plan->report_fd, F_DUPFD_CLOEXEC, plan->nfds);
    if (report == -1)
        report_and_exit(plan->report_fd, STEP_MOVE_REPORT_FD, plan->nfds, errno);
    for (i = 0; i < plan->nfds; i++) {
        plan->moved[i] = fcntl(plan->sources[i], F_DUPFD_CLOEXEC, plan->nfds);
        if (plan->moved[i] == -1)
            report_and_exit(report, STEP_MOVE_FD, plan->sources[i], errno);
    }
    for (i = 0; i < plan->nfds; i++)
        if (dup2(plan->moved[i], i) == -1)
            report_and_exit(report, STEP_PLACE_FD, i, errno);

    /* Close-on-exec rather than close: the report pipe must stay open until execve() succeeds. */
    if (close_range(plan->nfds, ~0U, CLOSE_RANGE_CLOEXEC) == -1)
        close_fds_except(plan->nfds, report, plan->fd_limit);

    become(plan, report);
    reset_signals(plan);
    if (sigprocmask(SIG_SETMASK, &plan->empty_mask, NULL) == -1)
        report_and_exit(report, STEP_UNBLOCK_SIGNALS, -1, errno);

    execve(plan->path, plan->argv, plan->envp);
    report_and_exit(report, STEP_EXEC, -1, errno);
}

static int find_fd_limit(void)
{
    struct rlimit limit;

    if (getrlimit(RLIMIT_NOFILE, &limit) == -1)
        return jn_fail(errno, "getrlimit(RLIMIT_NOFILE)");
    /* The close loop must end: an unlimited RLIMIT_NOFILE still cannot exceed fs.nr_open. */
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > DEFAULT_NR_OPEN)
        return DEFAULT_NR_OPEN;
    return (int) limit.rlim_cur;
}

static int check_fd_map(const int *fd_map, int nfds, int *needs_null)
{
    int i;

    *needs_null = 0;
    for (i = 0; i < nfds; i++) {
        if (fd_map[i] == -1)
            *needs_null = 1;
        else if (fd_map[i] < 0 || fcntl(fd_map[i], F_GETFD) == -1)
            return jn_refuse(EBADF, "spawn: fd_map[%d] = %d is not an open fd", i, fd_map[i]);
    }
    return 0;
}

/* Waits for the report pipe: EOF means execve() succeeded (the pipe was close-on-exec). */
static int read_child_failure(int report_fd, struct child_failure *failure)
{
    ssize_t got;

    do
        got = read(report_fd, failure, sizeof *failure);
    while (got == -1 && errno == EINTR);
    if (got == -1)
        return jn_fail(errno, "read(spawn report pipe %d)", report_fd);
    return got == (ssize_t) sizeof *failure;
}

static int describe_child_failure(const struct child_plan *plan, const struct child_failure *failure)
{
    const char *path = plan->path;

    switch (failure->step) {
    case STEP_MOVE_REPORT_FD:
        return jn_fail(failure->err, "spawn %s: fcntl(report pipe, F_DUPFD_CLOEXEC, %d) in the child",
                       path, failure->fd);
    case STEP_MOVE_FD:
        return jn_fail(failure->err, "spawn %s: fcntl(%d, F_DUPFD_CLOEXEC) in the child", path,
                       failure->fd);
    case STEP_PLACE_FD:
        return jn_fail(failure->err, "spawn %s: dup2(fd %d) in the child", path, failure->fd);
    case STEP_SETGROUPS:
        return jn_fail(failure->err, "spawn %s: setgroups(%d groups) in the child", path,
                       plan->credentials->group_count);
    case STEP_SETGID:
        return jn_fail(failure->err, "spawn %s: setresgid(%u) in the child", path,
                       (unsigned) plan->credentials->gid);
    case STEP_SETUID:
        return jn_fail(failure->err, "spawn %s: setresuid(%u) in the child", path,
                       (unsigned) plan->credentials->uid);
    case STEP_CHDIR:
        return jn_fail(failure->err, "spawn %s: chdir(%s) in the child", path,
                       plan->credentials->directory);
    case STEP_SETPRIORITY:
        return jn_fail(failure->err, "spawn %s: setpriority(+%d) in the child", path,
                       plan->credentials->nice_increment);
    case STEP_UNBLOCK_SIGNALS:
        return jn_fail(failure->err, "spawn %s: sigprocmask(SIG_SETMASK, {}) in the child", path);
    default:
        return jn_fail(failure->err, "execve(%s)", path);
    }
}

static int fork_child(struct child_plan *plan)
{
    sigset_t all, saved;
    pid_t pid;
    int err;

    /* No signal handler of the caller may run in the child before reset_signals(). */
    sigfillset(&all);
    err = pthread_sigmask(SIG_SETMASK, &all, &saved);
    if (err != 0)
        return jn_fail(err, "pthread_sigmask(SIG_SETMASK, all)");
    pid = fork();
    if (pid == 0)
        run_child(plan);
    err = errno;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (pid == -1)
        return jn_fail(err, "fork() for %s", plan->path);
    return pid;
}

static void reap_failed_child(pid_t pid)
{
    while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
        ;
}

static int spawn_with_plan(struct child_plan *plan)
{
    struct child_failure failure;
    int report[2];
    int pid, failed, err;

    if (pipe2(report, O_CLOEXEC) == -1)
        return jn_fail(errno, "pipe2(O_CLOEXEC) for spawning %s", plan->path);
    plan->report_fd = report[1];

    pid = fork_child(plan);
    err = errno;
    close(report[1]);
    if (pid == -1) {
        close(report[0]);
        errno = err;
        return -1;
    }

    failed = read_child_failure(report[0], &failure);
    err = errno;
    close(report[0]);
    if (failed == 0)
        return pid;
    /* Not knowing whether the exec happened, a child we cannot account for is not left running. */
    if (failed == -1)
        kill(pid, SIGKILL);
    reap_failed_child(pid);
    if (failed == -1) {
        errno = err;
        return -1;
    }
    return describe_child_failure(plan, &failure);
}

static int spawn_with_credentials(const char *path, char *const argv[], char *const envp[],
                                  const int *fd_map, int nfds,
                                  const struct jn_credentials *credentials)
{
    struct child_plan plan = { .path = path, .argv = argv, .envp = envp, .nfds = nfds,
                               .credentials = credentials };
    int *sources = NULL;
    int null_fd = -1;
    int needs_null, i, pid, err;

    if (path == NULL || argv == NULL || envp == NULL || nfds < 0 || (nfds > 0 && fd_map == NULL))
        return jn_refuse(EINVAL, "spawn: path, argv, envp and fd_map are required");
    if (check_fd_map(fd_map, nfds, &needs_null) == -1)
        return -1;
    plan.fd_limit = find_fd_limit();
    if (plan.fd_limit == -1)
        return -1;
    if (needs_null) {
        null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd == -1)
            return jn_fail(errno, "open(/dev/null, O_RDWR)");
    }

    sources = calloc(2 * (size_t) nfds + 1, sizeof *sources);
    if (sources == NULL) {
        err = errno;
        if (null_fd != -1)
            close(null_fd);
        return jn_fail(err, "spawn %s: calloc(%d fds)", path, nfds);
    }
    for (i = 0; i < nfds; i++)
        sources[i] = fd_map[i] == -1 ? null_fd : fd_map[i];
    plan.sources = sources;
    plan.moved = sources + nfds;
    sigemptyset(&plan.empty_mask);
    plan.default_action.sa_handler = SIG_DFL;
    sigemptyset(&plan.default_action.sa_mask);

    pid = spawn_with_plan(&plan);
    err = errno;
    free(sources);
    if (null_fd != -1)
        close(null_fd);
    errno = err;
    return pid;
}

int jn_spawn(const char *path, char *const argv[], char *const envp[], const int *fd_map, int nfds)
{
    struct jn_credentials unchanged = { .umask = -1 };

    return spawn_with_credentials(path, argv, envp, fd_map, nfds, &unchanged);
}

int jn_spawn_as(const char *path, char *const argv[], char *const envp[], const int *fd_map,
                int nfds, const char *user, const char *group, int initgroups, int umask,
                const char *directory, int nice_increment)
{
    struct jn_credentials credentials;
    int pid, err;

    if (jn_credentials_resolve(&credentials, user, group, initgroups, umask, directory) == -1) {
        err = errno;
        jn_credentials_free(&credentials);
        errno = err;
        return -1;
    }
    credentials.nice_increment = nice_increment;
    pid = spawn_with_credentials(path, argv, envp, fd_map, nfds, &credentials);
    err = errno;
    jn_credentials_free(&credentials);
    errno = err;
    return pid;
}

int jn_check_credentials(const char *user, const char *group, int initgroups, int umask)
{
    struct jn_credentials credentials;
    int result, err;

    result = jn_credentials_resolve(&credentials, user, group, initgroups, umask, NULL);
    err = errno;
    jn_credentials_free(&credentials);
    errno = err;
    return result;
}

int jn_kill(int pid, int sig)
{
    if (pid <= 0)
        return jn_refuse(EINVAL, "kill(%d, %d): refusing to signal a process group", pid, sig);
    if (kill(pid, sig) == -1)
        return jn_fail(errno, "kill(%d, %d)", pid, sig);
    return 0;
}

int jn_reap(int pid, int *status)
{
    int reaped, word = 0;

    if (pid <= 0)
        return jn_refuse(EINVAL, "waitpid(%d): only a single child pid may be reaped", pid);
    do
        reaped = waitpid(pid, &word, WNOHANG);
    while (reaped == -1 && errno == EINTR);
    if (reaped == -1)
        return jn_fail(errno, "waitpid(%d, WNOHANG)", pid);
    if (reaped > 0 && status != NULL)
        *status = word;
    return reaped;
}
