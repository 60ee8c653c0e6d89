/* Signals as data: the launcher blocks the control signals in every thread before the JVM exists
 * (HotSpot threads inherit the mask), and Java reads them one at a time from a signalfd. No handler
 * ever runs, so nothing can interrupt the JVM at a bad moment. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "junicorn.h"
#include "error.h"

static const struct {
    int number;
    const char *name;
} control_signals[] = {
    { SIGHUP, "HUP" },     { SIGINT, "INT" },     { SIGTERM, "TERM" },   { SIGQUIT, "QUIT" },
    { SIGUSR1, "USR1" },   { SIGUSR2, "USR2" },   { SIGWINCH, "WINCH" }, { SIGTTIN, "TTIN" },
    { SIGTTOU, "TTOU" },   { SIGCHLD, "CHLD" },
};

#define CONTROL_SIGNALS (sizeof control_signals / sizeof control_signals[0])

/* Fills set and names with set `which`; fails for an unknown set. */
static int describe_signal_set(int which, sigset_t *set, char *names, size_t size)
{
    size_t i, used;

    if (which != JN_SIGNALS_MASTER && which != JN_SIGNALS_WORKER)
        return jn_refuse(EINVAL, "unknown signal set %d", which);

    sigemptyset(set);
    names[0] = '\0';
    for (i = 0; i < CONTROL_SIGNALS; i++) {
        sigaddset(set, control_signals[i].number);
        used = strlen(names);
        snprintf(names + used, size - used, "%s%s", i > 0 ? " " : "", control_signals[i].name);
    }
    if (which == JN_SIGNALS_WORKER) {
        sigaddset(set, SIGABRT);
        used = strlen(names);
        snprintf(names + used, size - used, " ABRT");
    }
    return 0;
}

int jn_signals_block(int which)
{
    sigset_t set;
    char names[128];
    int err;

    if (describe_signal_set(which, &set, names, sizeof names) == -1)
        return -1;
    err = pthread_sigmask(SIG_BLOCK, &set, NULL);
    if (err != 0)
        return jn_fail(err, "pthread_sigmask(SIG_BLOCK, %s)", names);
    return 0;
}

static int open_signal_fd(int which)
{
    sigset_t set;
    char names[128];
    int fd;

    if (describe_signal_set(which, &set, names, sizeof names) == -1)
        return -1;
    fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (fd == -1)
        return jn_fail(errno, "signalfd(%s)", names);
    return fd;
}

int jn_signals_open(void)
{
    return open_signal_fd(JN_SIGNALS_MASTER);
}

int jn_signals_open_worker(void)
{
    return open_signal_fd(JN_SIGNALS_WORKER);
}

int jn_signals_wait(int sfd, int timeout_ms)
{
    struct pollfd ready = { .fd = sfd, .events = POLLIN };
    struct signalfd_siginfo info;
    ssize_t got;
    int events;

    events = poll(&ready, 1, timeout_ms);
    if (events == -1 && errno == EINTR)
        return 0;
    if (events == -1)
        return jn_fail(errno, "poll(signalfd %d, %d ms)", sfd, timeout_ms);
    if (events == 0)
        return 0;
    if (ready.revents & POLLNVAL)
        return jn_fail(EBADF, "poll(signalfd %d, %d ms)", sfd, timeout_ms);

    got = read(sfd, &info, sizeof info);
    /* Another thread may have consumed the signal between poll() and read(): a spurious wakeup. */
    if (got == -1 && (errno == EAGAIN || errno == EINTR))
        return 0;
    if (got == -1)
        return jn_fail(errno, "read(signalfd %d)", sfd);
    if (got != (ssize_t) sizeof info)
        return jn_refuse(EIO, "read(signalfd %d) returned %zd bytes, expected %zu", sfd, got,
                         sizeof info);
    return (int) info.ssi_signo;
}
