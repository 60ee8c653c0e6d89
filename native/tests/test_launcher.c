/* End-to-end tests of the junicorn launcher: Java discovery errors, and master and worker mode with
 * a real JVM running the stand-in classes of tests/java (copied into home/ by the Makefile). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "junicorn.h"
#include "check.h"

#define BUILD_LAUNCHER "../junicorn"
#define HOME_LAUNCHER "home/bin/junicorn"
#define JAVA_17 "/usr/lib/jvm/java-17-openjdk-amd64"
#define JVM_DEADLINE_MS 30000

/* Runs the launcher with stdout and stderr on one pipe; returns the exit status, -1 if it hung. */
static int run_launcher(const char *path, char *const argv[], char *const envp[],
                        char *output, size_t size)
{
    int out[2], fd_map[3], pid, status = -1;

    if (pipe2(out, O_CLOEXEC) == -1)
        return -1;
    fd_map[0] = -1;
    fd_map[1] = out[1];
    fd_map[2] = out[1];
    pid = jn_spawn(path, argv, envp, fd_map, 3);
    close(out[1]);
    if (pid > 0)
        read_output(out[0], output, size, NULL, JVM_DEADLINE_MS);
    close(out[0]);
    if (pid <= 0 || wait_for_exit(pid, &status, JVM_DEADLINE_MS) != pid) {
        if (pid > 0)
            kill(pid, SIGKILL);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void test_java_17_is_refused(void)
{
    char *const argv[] = { "junicorn", NULL };
    char *const envp[] = { "JAVA_HOME=" JAVA_17, NULL };
    char output[4096];

    if (access(JAVA_17 "/release", R_OK) == -1) {
        fprintf(stderr, "skip: %s is not installed\n", JAVA_17);
        return;
    }
    CHECK(run_launcher(BUILD_LAUNCHER, argv, envp, output, sizeof output) == 1);
    CHECK(strcmp(output, "junicorn: fatal: JAVA_HOME=" JAVA_17 " is Java 17; junicorn needs "
                         "Java 21 or newer (use --java-home or JUNICORN_JAVA_HOME)\n") == 0);
}

static void test_no_java_found(void)
{
    char *const argv[] = { "junicorn", NULL };
    char *const envp[] = { NULL };
    char output[4096];

    CHECK(run_launcher(BUILD_LAUNCHER, argv, envp, output, sizeof output) == 1);
    CHECK(strcmp(output, "junicorn: fatal: no Java runtime found: set --java-home, "
                         "JUNICORN_JAVA_HOME or JAVA_HOME to a Java 21+ runtime\n") == 0);
}

static void test_worker_without_environment(void)
{
    char *const argv[] = { "junicorn: worker [test]", NULL };
    char *const envp[] = { "JUNICORN_WORKER=0", NULL };
    char output[4096];

    CHECK(run_launcher(BUILD_LAUNCHER, argv, envp, output, sizeof output) == 3);
    CHECK(strstr(output, "junicorn: fatal: worker mode: JUNICORN_LIBJVM is not set") == output);
}

static int has_bits(unsigned long long mask, const int *signals, int count)
{
    int i;

    for (i = 0; i < count; i++)
        if ((mask & (1ULL << (signals[i] - 1))) == 0)
            return 0;
    return 1;
}

/* No JAVA_HOME: the launcher falls back to home/lib/java-home, which names the build's JDK. */
static void test_master_runs_main(const char *home, const char *java_home)
{
    static const int master_set[] = { SIGHUP, SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2,
                                      SIGWINCH, SIGTTIN, SIGTTOU, SIGCHLD };
    char *const argv[] = { "junicorn", "hello", "w\xc3\xb6rld \xf0\x9f\x98\x80", NULL };
    /* stdout.encoding follows the locale: the POSIX one would print '?' for the non-ASCII. */
    char *const envp[] = { "PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", NULL };
    char output[8192], expected[PATH_MAX + 64];
    const char *sigblk;

    CHECK(run_launcher(HOME_LAUNCHER, argv, envp, output, sizeof output) == 0);
    CHECK(strstr(output, "args=hello|w\xc3\xb6rld \xf0\x9f\x98\x80\n") != NULL);
    CHECK(strstr(output, "sr=null\n") != NULL);
    snprintf(expected, sizeof expected, "home=%s\n", home);
    CHECK(strstr(output, expected) != NULL);
    snprintf(expected, sizeof expected, "launcher=%s/bin/junicorn\n", home);
    CHECK(strstr(output, expected) != NULL);
    snprintf(expected, sizeof expected, "libjvm=%s/lib/server/libjvm.so\n", java_home);
    CHECK(strstr(output, expected) != NULL);
    sigblk = strstr(output, "sigblk=");
    CHECK(sigblk != NULL && has_bits(strtoull(sigblk + 7, NULL, 16), master_set, 10));
    if (sigblk == NULL)
        fprintf(stderr, "master output:\n%s", output);
}

static int write_file(const char *path, const char *text, size_t length)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int written;

    if (fd == -1)
        return -1;
    written = (int) write(fd, text, length);
    close(fd);
    return written == (int) length ? 0 : -1;
}

static int copy_file(const char *from, const char *to)
{
    char text[16384];
    ssize_t length;
    int fd = open(from, O_RDONLY | O_CLOEXEC);

    if (fd == -1)
        return -1;
    length = read(fd, text, sizeof text);
    close(fd);
    return length <= 0 ? -1 : write_file(to, text, (size_t) length);
}

/* The feature version in java_home/release, 0 when unknown. */
static int java_major(const char *java_home)
{
    char path[PATH_MAX + 16], line[256];
    int major = 0;
    FILE *release;

    snprintf(path, sizeof path, "%s/release", java_home);
    release = fopen(path, "re");
    if (release == NULL)
        return 0;
    while (major == 0 && fgets(line, sizeof line, release) != NULL)
        if (sscanf(line, "JAVA_VERSION=\"%d", &major) != 1)
            major = 0;
    fclose(release);
    return major;
}

/* Runs the master with envp; returns whether it exited 0 and printed the line aot=WANTED. */
static int master_aot_option_is(char *const envp[], const char *wanted)
{
    char *const argv[] = { "junicorn", NULL };
    char output[8192], expected[PATH_MAX + 64];

    snprintf(expected, sizeof expected, "aot=%s\n", wanted);
    if (run_launcher(HOME_LAUNCHER, argv, envp, output, sizeof output) == 0
        && strstr(output, expected) != NULL)
        return 1;
    fprintf(stderr, "wanted aot=%s; master output:\n%s", wanted, output);
    return 0;
}

/* lib/master.aot only with the runtime whose release file was copied beside it at recording, and
 * never when JUNICORN_MASTER_JVM_OPTS names an archive option. The cache here is no cache, so the
 * case that uses it runs only where HotSpot knows -XX:AOTCache (25+) and starts without one. */
static void test_master_aot_cache(const char *home, const char *java_home)
{
    char *const plain[] = { "PATH=/usr/bin:/bin", NULL };
    char *const off[] = { "PATH=/usr/bin:/bin", "JUNICORN_MASTER_JVM_OPTS=-XX:AOTMode=off", NULL };
    char release[PATH_MAX + 16], option[PATH_MAX + 32];
    static const char other_release[] = "JAVA_VERSION=\"25.0.0\"\n";

    snprintf(release, sizeof release, "%s/release", java_home);
    snprintf(option, sizeof option, "-XX:AOTCache=%s/lib/master.aot", home);
    CHECK(master_aot_option_is(plain, ""));
    CHECK(write_file("home/lib/master.aot", "not a cache", 11) == 0);
    CHECK(master_aot_option_is(plain, ""));
    CHECK(write_file("home/lib/master.aot.release", other_release, sizeof other_release - 1) == 0);
    CHECK(master_aot_option_is(plain, ""));
    CHECK(copy_file(release, "home/lib/master.aot.release") == 0);
    CHECK(master_aot_option_is(off, "-XX:AOTMode=off"));
    if (java_major(java_home) >= 25)
        CHECK(master_aot_option_is(plain, option));
    CHECK(unlink("home/lib/master.aot") == 0 && unlink("home/lib/master.aot.release") == 0);
}

static void test_master_exit_statuses(void)
{
    char *const throwing[] = { "junicorn", "throw", NULL };
    char *const exiting[] = { "junicorn", "exit", NULL };
    char *const envp[] = { NULL };
    char output[8192];

    CHECK(run_launcher(HOME_LAUNCHER, throwing, envp, output, sizeof output) == 70);
    CHECK(strstr(output, "IllegalStateException: thrown on purpose") != NULL);
    CHECK(run_launcher(HOME_LAUNCHER, exiting, envp, output, sizeof output) == 5);
}

struct worker_run {
    char libjvm[PATH_MAX];
    char options[PATH_MAX + 128];
    int listener;
    int heartbeat;
    int out[2];
    int pid;
};

static int start_worker(struct worker_run *run, const char *home, const char *java_home,
                        const char *conf)
{
    char *const argv[] = { "junicorn: worker [test]", NULL };
    char *envp[] = { "JUNICORN_WORKER=2", run->libjvm, run->options, (char *) conf, NULL };
    int fd_map[4];

    snprintf(run->libjvm, sizeof run->libjvm, "JUNICORN_LIBJVM=%s/lib/server/libjvm.so",
             java_home);
    snprintf(run->options, sizeof run->options,
             "JUNICORN_JVM_OPTS=-Djava.class.path=%s/lib/junicorn-test.jar\n-Xmx32m\n"
             "-XX:+UseSerialGC\n", home);
    run->listener = jn_listen_inet("127.0.0.1", 0, 16, 0);
    run->heartbeat = jn_heartbeat_create(4);
    if (run->listener == -1 || run->heartbeat == -1 || pipe2(run->out, O_CLOEXEC) == -1)
        return -1;
    fd_map[0] = run->listener;
    fd_map[1] = run->out[1];
    fd_map[2] = run->out[1];
    fd_map[3] = run->heartbeat;
    run->pid = jn_spawn(HOME_LAUNCHER, argv, envp, fd_map, 4);
    close(run->out[1]);
    return run->pid;
}

static void stop_worker(struct worker_run *run)
{
    close(run->out[0]);
    jn_close(run->listener);
    jn_close(run->heartbeat);
}

static void test_worker_runs_main(const char *home, const char *java_home)
{
    struct worker_run run;
    char output[16384], expected[256];
    volatile int64_t *slots;
    int status = -1;

    CHECK(start_worker(&run, home, java_home, NULL) > 0);
    slots = jn_heartbeat_map(run.heartbeat, 4);
    read_output(run.out[0], output, sizeof output, "ready\n", JVM_DEADLINE_MS);
    CHECK(strstr(output, "ready\n") != NULL);
    CHECK(slots != NULL && slots[2 * JN_HEARTBEAT_SLOT_SIZE / 8] == 0x1234abcd);
    CHECK(strstr(output, "capacity=64\n") != NULL);
    snprintf(expected, sizeof expected, "ppid=%d\n", getpid());
    CHECK(strstr(output, expected) != NULL);
    CHECK(strstr(output, "env=null,null,2,null\n") != NULL);
    CHECK(strstr(output, "cmdline=junicorn: worker [test]^\n") != NULL);
    /* fd 0 is the listener, so System.inheritedChannel() hands it to Java. */
    snprintf(expected, sizeof expected, "inherited=/127.0.0.1:%d\n", jn_local_port(run.listener));
    CHECK(strstr(output, expected) != NULL);
    if (strstr(output, expected) == NULL)
        fprintf(stderr, "worker output:\n%s", output);
    CHECK(strstr(output, "fd3=") != NULL && strstr(output, "junicorn-heartbeat") == NULL);
    CHECK(strstr(output, "timeout=0\n") != NULL);

    CHECK(jn_kill(run.pid, SIGUSR1) == 0);
    read_output(run.out[0], output, sizeof output, NULL, JVM_DEADLINE_MS);
    CHECK(strstr(output, "signal=10\n") != NULL);
    CHECK(wait_for_exit(run.pid, &status, JVM_DEADLINE_MS) == run.pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (strstr(output, "signal=10\n") == NULL)
        fprintf(stderr, "worker output:\n%s", output);
    stop_worker(&run);
}

static void test_worker_boot_error(const char *home, const char *java_home)
{
    struct worker_run run;
    char output[16384];
    int status = -1;

    CHECK(start_worker(&run, home, java_home, "JUNICORN_WORKER_CONF=throw") > 0);
    read_output(run.out[0], output, sizeof output, NULL, JVM_DEADLINE_MS);
    CHECK(wait_for_exit(run.pid, &status, JVM_DEADLINE_MS) == run.pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3);
    CHECK(strstr(output, "worker failed on purpose") != NULL);
    stop_worker(&run);
}

void test_launcher(void)
{
    const char *java_home = getenv("JAVA_HOME");
    char home[PATH_MAX], java_home_real[PATH_MAX];

    test_java_17_is_refused();
    test_no_java_found();
    test_worker_without_environment();
    if (java_home == NULL || realpath("home", home) == NULL
        || realpath(java_home, java_home_real) == NULL) {
        fprintf(stderr, "skip: JVM tests need JAVA_HOME and the test home (make test)\n");
        CHECK(0);
        return;
    }
    test_master_runs_main(home, java_home_real);
    test_master_exit_statuses();
    test_master_aot_cache(home, java_home_real);
    test_worker_runs_main(home, java_home_real);
    test_worker_boot_error(home, java_home_real);
}
