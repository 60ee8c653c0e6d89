/* Runs every test and prints "N passed, M failed"; exits 1 when anything failed. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "junicorn.h"
#include "check.h"

int test_argc;
char **test_argv;

static int checks_passed;
static int checks_failed;

void check_condition(int passed, const char *text, const char *file, int line)
{
    if (passed) {
        checks_passed++;
        return;
    }
    checks_failed++;
    fprintf(stderr, "FAIL %s:%d: %s (last error: %s)\n", file, line, text, jn_last_error());
}

long monotonic_ms(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000L + now.tv_nsec / 1000000L;
}

int wait_for_exit(int pid, int *status, int timeout_ms)
{
    struct timespec pause = { .tv_nsec = 2 * 1000 * 1000 };
    long deadline = monotonic_ms() + timeout_ms;
    int reaped;

    while ((reaped = jn_reap(pid, status)) == 0 && monotonic_ms() < deadline)
        nanosleep(&pause, NULL);
    return reaped;
}

size_t read_output(int fd, char *buffer, size_t size, const char *until, int timeout_ms)
{
    long deadline = monotonic_ms() + timeout_ms;
    struct pollfd readable = { .fd = fd, .events = POLLIN };
    size_t used = 0;
    long remaining;
    ssize_t got;

    buffer[0] = '\0';
    while (used + 1 < size && (remaining = deadline - monotonic_ms()) > 0) {
        if (until != NULL && strstr(buffer, until) != NULL)
            break;
        if (poll(&readable, 1, (int) remaining) <= 0)
            continue;
        got = read(fd, buffer + used, size - used - 1);
        if (got == -1 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        used += (size_t) got;
        buffer[used] = '\0';
    }
    return used;
}

int main(int argc, char **argv)
{
    test_argc = argc;
    test_argv = argv;

    /* Signals first: later tests then spawn from a process that has the master set blocked, as
     * the real master does. */
    test_signals();
    test_spawn();
    test_listen();
    test_heartbeat();
    test_proctitle();
    test_launcher();
    test_sdnotify();
    test_unixdgram();
    test_inherited();
    test_process();

    printf("%d passed, %d failed\n", checks_passed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}
