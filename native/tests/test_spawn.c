/* Tests for jn_spawn, jn_kill and jn_reap, with tests/probe.c as the child. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
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

/* With RLIMIT_NOFILE at nfds the child cannot lift its report pipe above the targets; it must
 * still report, or the parent would take its silent exit for a successful execve. */
static void test_spawn_reports_unmovable_report_pipe(void)
{
    char *const argv[] = { "probe", NULL };
    int fd_map[64], pid, i;
    struct rlimit saved, lowered;

    for (i = 0; i < 64; i++)
        fd_map[i] = -1;
    CHECK(getrlimit(RLIMIT_NOFILE, &saved) == 0);
    lowered = saved;
    lowered.rlim_cur = 64;
    CHECK(setrlimit(RLIMIT_NOFILE, &lowered) == 0);
    pid = jn_spawn(PROBE, argv, no_environment, fd_map, 64);
    CHECK(setrlimit(RLIMIT_NOFILE, &saved) == 0);
    CHECK(pid == -1 && errno == EINVAL);
    CHECK(strcmp(jn_last_error(), "spawn ./probe: fcntl(report pipe, F_DUPFD_CLOEXEC, 64) in the "
                                  "child failed: Invalid argument") == 0);
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

/* Runs "probe ids" with the credentials and returns its output in output. */
static int spawn_ids_probe(const char *user, const char *group, int initgroups, int mask,
                           const char *directory, char *output, size_t size)
{
    char *const argv[] = { "probe", "ids", NULL };
    char probe[4096];
    int out[2], fd_map[3], pid, status = -1;

    /* The child may have left the test's directory before its execve. */
    if (realpath(PROBE, probe) == NULL || pipe2(out, O_CLOEXEC) == -1)
        return -1;
    fd_map[0] = -1;
    fd_map[1] = out[1];
    fd_map[2] = 2;
    pid = jn_spawn_as(probe, argv, no_environment, fd_map, 3, user, group, initgroups, mask,
                      directory, 0);
    close(out[1]);
    if (pid > 0) {
        read_output(out[0], output, size, NULL, 5000);
        CHECK(wait_for_exit(pid, &status, 5000) == pid && status == 0);
    }
    close(out[0]);
    return pid;
}

/* As root: the probe runs as nobody:nogroup with no other group, umask 027, in /tmp. */
static void test_spawn_as_drops_privileges(void)
{
    char output[4096] = "";
    struct passwd *nobody = getpwnam("nobody");
    struct group *nogroup = getgrnam("nogroup");
    char expected[256];

    if (geteuid() != 0 || nobody == NULL || nogroup == NULL) {
        printf("skipped test_spawn_as_drops_privileges: needs root, nobody and nogroup\n");
        return;
    }
    CHECK(spawn_ids_probe("nobody", "nogroup", 0, 027, "/tmp", output, sizeof output) > 0);
    snprintf(expected, sizeof expected, "Uid:\t%u\t%u\t%u\t%u\n", (unsigned) nobody->pw_uid,
             (unsigned) nobody->pw_uid, (unsigned) nobody->pw_uid, (unsigned) nobody->pw_uid);
    CHECK(strstr(output, expected) != NULL);
    snprintf(expected, sizeof expected, "Gid:\t%u\t%u\t%u\t%u\n", (unsigned) nogroup->gr_gid,
             (unsigned) nogroup->gr_gid, (unsigned) nogroup->gr_gid, (unsigned) nogroup->gr_gid);
    CHECK(strstr(output, expected) != NULL);
    snprintf(expected, sizeof expected, "Groups:\t%u \n", (unsigned) nogroup->gr_gid);
    CHECK(strstr(output, expected) != NULL);
    CHECK(strstr(output, "umask 027\n") != NULL);
    CHECK(strstr(output, "cwd /tmp\n") != NULL);

    /* A user alone takes its primary group; numbers work as names do. */
    snprintf(expected, sizeof expected, "%u", (unsigned) nobody->pw_uid);
    CHECK(spawn_ids_probe(expected, NULL, 1, -1, NULL, output, sizeof output) > 0);
    snprintf(expected, sizeof expected, "Gid:\t%u\t", (unsigned) nobody->pw_gid);
    CHECK(strstr(output, expected) != NULL);
}

static void test_spawn_as_reports_failures(void)
{
    char output[4096] = "";

    CHECK(spawn_ids_probe("no-such-user-junicorn", NULL, 0, -1, NULL, output, sizeof output) == -1);
    CHECK(errno == EINVAL);
    CHECK(strcmp(jn_last_error(), "getpwnam(no-such-user-junicorn): no such user") == 0);
    CHECK(jn_check_credentials(NULL, "no-such-group-junicorn", 0, -1) == -1);
    CHECK(strcmp(jn_last_error(), "getgrnam(no-such-group-junicorn): no such group") == 0);
    CHECK(jn_check_credentials(NULL, NULL, 0, 01000) == -1 && errno == EINVAL);
    CHECK(jn_check_credentials("root", "0", 1, 022) == 0);
    CHECK(spawn_ids_probe(NULL, NULL, 0, -1, "/nonexistent-junicorn", output, sizeof output) == -1);
    CHECK(errno == ENOENT);
    CHECK(strstr(jn_last_error(), ": chdir(/nonexistent-junicorn) in the child failed: ") != NULL);
}

void test_spawn(void)
{
    test_spawn_as_drops_privileges();
    test_spawn_as_reports_failures();
    test_spawn_moves_overlapping_fds();
    test_spawn_reports_exec_failure();
    test_spawn_reports_unmovable_report_pipe();
    test_spawn_refuses_closed_fd();
    test_reap_follows_one_child();
    test_kill_reaches_child();
}
