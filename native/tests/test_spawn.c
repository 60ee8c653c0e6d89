/* Tests for jn_spawn, jn_kill and jn_reap, with tests/probe.c as the child. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "junicorn.h"
#include "check.h"

#define PROBE "./probe"
#define MAPPED_FDS 13

static char *const no_environment[] = { NULL };

static int contains_fd_line(const char *output, int fd, int source)
{
    struct stat status;
    char line[128];

    if (fstat(source, &status) == -1)
        return 0;
    snprintf(line, sizeof line, "fd %d dev %lu ino %lu\n", fd, (unsigned long) status.st_dev,
             (unsigned long) status.st_ino);
    return strstr(output, line) != NULL;
}

/* Parent fds 10, 11, 12 go to child fds 11, 12, 10: every source is another entry's target. */
static void test_spawn_moves_overlapping_fds(void)
{
    char *const argv[] = { "probe", "fds", NULL };
    int fd_map[MAPPED_FDS], out[2], null_fd, pid, status = -1, i;
    struct sigaction ignore = { .sa_handler = SIG_IGN }, saved_pipe;
    char output[8192];
    sigset_t interrupt, saved_mask;

    CHECK(pipe2(out, O_CLOEXEC) == 0);
    for (i = 10; i <= 12; i++)
        CHECK(dup3(memfd_create("spawn-test", MFD_CLOEXEC), i, O_CLOEXEC) == i);
    null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    for (i = 0; i < MAPPED_FDS; i++)
        fd_map[i] = -1;
    fd_map[1] = out[1];
    fd_map[2] = 2;
    fd_map[10] = 12;
    fd_map[11] = 10;
    fd_map[12] = 11;

    sigaction(SIGPIPE, &ignore, &saved_pipe);
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    sigprocmask(SIG_BLOCK, &interrupt, &saved_mask);
    pid = jn_spawn(PROBE, argv, no_environment, fd_map, MAPPED_FDS);
    sigprocmask(SIG_SETMASK, &saved_mask, NULL);
    sigaction(SIGPIPE, &saved_pipe, NULL);
    CHECK(pid > 0);
    close(out[1]);
    read_output(out[0], output, sizeof output, NULL, 5000);
    CHECK(wait_for_exit(pid, &status, 5000) == pid && status == 0);

    CHECK(contains_fd_line(output, 0, null_fd));
    CHECK(contains_fd_line(output, 1, out[0]));
    CHECK(contains_fd_line(output, 2, 2));
    for (i = 3; i < 10; i++)
        CHECK(contains_fd_line(output, i, null_fd));
    CHECK(contains_fd_line(output, 10, 12));
    CHECK(contains_fd_line(output, 11, 10));
    CHECK(contains_fd_line(output, 12, 11));
    CHECK(strstr(output, "fd 13 ") == NULL);
    CHECK(strstr(output, "blocked none\n") != NULL);
    CHECK(strstr(output, "SIGPIPE default\n") != NULL);
    CHECK(strstr(output, "SIGINT default\n") != NULL);

    close(out[0]);
    close(null_fd);
    for (i = 10; i <= 12; i++)
        close(i);
}

static void test_spawn_reports_exec_failure(void)
{
    char *const argv[] = { "missing", NULL };
    int pid;

    pid = jn_spawn("/nonexistent/junicorn-probe", argv, no_environment, NULL, 0);
    CHECK(pid == -1 && errno == ENOENT);
    CHECK(strcmp(jn_last_error(),
                 "execve(/nonexistent/junicorn-probe) failed: No such file or directory") == 0);
    /* The failed child has been reaped already. */
    CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
}

static void test_spawn_refuses_closed_fd(void)
{
    char *const argv[] = { "probe", NULL };
    int fd_map[] = { 900 };

    CHECK(jn_spawn(PROBE, argv, no_environment, fd_map, 1) == -1 && errno == EBADF);
}

static void test_reap_follows_one_child(void)
{
    char *const argv[] = { "probe", "wait", NULL };
    int input[2], fd_map[3], pid, status = -1;

    CHECK(pipe2(input, O_CLOEXEC) == 0);
    fd_map[0] = input[0];
    fd_map[1] = -1;
    fd_map[2] = 2;
    pid = jn_spawn(PROBE, argv, no_environment, fd_map, 3);
    CHECK(pid > 0);
    close(input[0]);
    CHECK(jn_reap(pid, &status) == 0);
    close(input[1]);
    CHECK(wait_for_exit(pid, &status, 5000) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
    CHECK(jn_reap(pid, &status) == -1 && errno == ECHILD);
    CHECK(jn_reap(getppid(), &status) == -1 && errno == ECHILD);
    CHECK(jn_reap(0, &status) == -1 && errno == EINVAL);
}

/* The parent has the control signals blocked; the child must still die of TERM. */
static void test_kill_reaches_child(void)
{
    char *const argv[] = { "probe", "sleep", NULL };
    int fd_map[] = { -1, -1, 2 };
    int pid, status = -1;

    pid = jn_spawn(PROBE, argv, no_environment, fd_map, 3);
    CHECK(pid > 0);
    CHECK(jn_kill(pid, SIGTERM) == 0);
    CHECK(wait_for_exit(pid, &status, 5000) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    CHECK(jn_kill(0, SIGTERM) == -1 && errno == EINVAL);
    CHECK(jn_kill(-1, SIGTERM) == -1 && errno == EINVAL);
}

void test_spawn(void)
{
    test_spawn_moves_overlapping_fds();
    test_spawn_reports_exec_failure();
    test_spawn_refuses_closed_fd();
    test_reap_follows_one_child();
    test_kill_reaches_child();
}
