/* Tests for the process title, in a forked child so that the runner keeps its own argv. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "junicorn.h"
#include "check.h"

#define TITLE "junicorn: master [test] 127.0.0.1:8000"

static size_t read_file(const char *path, char *buffer, size_t size)
{
    ssize_t got;
    int fd;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return 0;
    got = read(fd, buffer, size);
    close(fd);
    return got > 0 ? (size_t) got : 0;
}

/* Exits with a bit set for each failed check; the parent turns them into CHECKs. */
static __attribute__((noreturn)) void check_title_in_child(void)
{
    static char long_title[200000];
    char buffer[300000], path_before[4096];
    const char *path;
    size_t length;
    int failures = 0;

    snprintf(path_before, sizeof path_before, "%s", getenv("PATH") ? getenv("PATH") : "");
    if (jn_proctitle_init(test_argc, test_argv) != 0 || jn_proctitle_set(TITLE) != 0) {
        fprintf(stderr, "proctitle child: %s\n", jn_last_error());
        _exit(1);
    }

    length = read_file("/proc/self/cmdline", buffer, sizeof buffer);
    if (length != sizeof TITLE || memcmp(buffer, TITLE, sizeof TITLE) != 0)
        failures |= 2;
    length = read_file("/proc/self/comm", buffer, sizeof buffer);
    if (length != 16 || memcmp(buffer, "junicorn: maste\n", 16) != 0)
        failures |= 4;
    path = getenv("PATH");
    if (path == NULL || strcmp(path, path_before) != 0)
        failures |= 8;

    /* Longer than argv and environ together: cut, never written past the end. */
    memset(long_title, 'x', sizeof long_title - 1);
    if (jn_proctitle_set(long_title) != 0)
        failures |= 16;
    length = read_file("/proc/self/cmdline", buffer, sizeof buffer);
    if (length < 2 || length >= sizeof long_title || buffer[length - 1] != '\0'
        || strspn(buffer, "x") != length - 1)
        failures |= 32;
    _exit(failures);
}

void test_proctitle(void)
{
    int pid, status = -1;

    CHECK(jn_proctitle_set("too early") == -1 && errno == EINVAL);
    /* Under valgrind the kernel's argv area is valgrind's own, not the one main() receives. */
    if (getenv("JUNICORN_TEST_VALGRIND") != NULL) {
        fprintf(stderr, "skip: process title checks under valgrind\n");
        return;
    }
    pid = fork();
    if (pid == 0)
        check_title_in_child();
    CHECK(pid > 0);
    CHECK(wait_for_exit(pid, &status, 5000) == pid && WIFEXITED(status));
    status = WEXITSTATUS(status);
    CHECK((status & 1) == 0);  /* init and set succeed */
    CHECK((status & 2) == 0);  /* /proc/self/cmdline is exactly the title */
    CHECK((status & 4) == 0);  /* comm is its first 15 bytes */
    CHECK((status & 8) == 0);  /* environ still works after the move */
    CHECK((status & 16) == 0); /* a title longer than the area is accepted */
    CHECK((status & 32) == 0); /* and cut to the area */
}
