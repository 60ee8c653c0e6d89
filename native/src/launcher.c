/*
 * junicorn: the launcher. Without JUNICORN_WORKER it is the master: it finds a Java 21+ runtime,
 * blocks the control signals and runs io.junicorn.master.Main in an embedded JVM, which reads them
 * from a signalfd. With JUNICORN_WORKER=<slot> it is a worker the master spawned: it maps its
 * heartbeat slot, registers the worker natives and runs io.junicorn.worker.WorkerMain.
 *
 * A JVM cannot be carried across fork() (research notes C2), so every worker is this program
 * exec'ed afresh and creates its own JVM.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "junicorn.h"
#include "daemon.h"
#include "error.h"
#include "jvm.h"
#include "worker_natives.h"

/* Exit statuses, the same as io.junicorn.common.ExitStatus and docs/exit-codes.md. */
#define EXIT_CONFIG_ERROR 1
#define EXIT_WORKER_BOOT_ERROR 3
#define EXIT_INTERNAL_ERROR 70

/* Worker fds, as the master's spawn sets them up: 0 is the first listener, 1 and 2 are the logs,
 * 4 onwards are further listeners. */
#define HEARTBEAT_FD 3

#define MASTER_CLASS "io/junicorn/master/Main"
#define WORKER_CLASS "io/junicorn/worker/WorkerMain"

struct installation {
    char exe[PATH_MAX];
    char home[PATH_MAX];
    char lib[PATH_MAX + 8];
};

struct master {
    struct installation installation;
    struct jn_jvm_options options;
    char jar[PATH_MAX + 32];
    char *java_home;
    char **args; /* argv[1..], copied before the process title overwrites argv */
    int arg_count;
    char command[2 * PATH_MAX + 2]; /* argv[0] as given, made absolute: what a USR2 re-executes */
    char start_dir[PATH_MAX];
    const char *directory; /* --chdir applied before the JVM, or NULL */
    int ready_fd;          /* a daemon's readiness pipe, or -1 */
    int relaunched;        /* the master asked for the daemon or chdir setup (JUNICORN_DAEMON ...) */
};

struct worker {
    struct jn_jvm_options options;
    char *libjvm;
    void *heartbeat_slot;
    int signal_fd;
};

static __attribute__((noreturn)) void exit_with_last_error(int status)
{
    fprintf(stderr, "junicorn: fatal: %s\n", jn_last_error());
    exit(status);
}

/* HOME is the directory above bin/ (dist layout: HOME/bin/junicorn, HOME/lib/). */
static int find_installation(struct installation *installation)
{
    char directory[PATH_MAX];

    if (realpath("/proc/self/exe", installation->exe) == NULL)
        return jn_fail(errno, "realpath(/proc/self/exe)");
    strcpy(directory, installation->exe);
    strcpy(installation->home, dirname(dirname(directory)));
    snprintf(installation->lib, sizeof installation->lib, "%s/lib", installation->home);
    return 0;
}

static char **copy_arguments(int count, char **args)
{
    char **copy;
    int i;

    copy = calloc((size_t) count + 1, sizeof *copy);
    if (copy == NULL) {
        jn_fail(errno, "calloc(%d arguments)", count);
        return NULL;
    }
    for (i = 0; i < count; i++) {
        copy[i] = strdup(args[i]);
        if (copy[i] == NULL) {
            jn_fail(errno, "strdup(argument %d)", i + 1);
            return NULL;
        }
    }
    return copy;
}

/* Whether the files hold the same bytes; 0 when either cannot be read or is over 16 KiB. */
static int same_contents(const char *path, const char *other)
{
    char first[16384], second[16384];
    ssize_t first_length, second_length;
    int fd;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return 0;
    first_length = read(fd, first, sizeof first);
    close(fd);
    fd = open(other, O_RDONLY | O_CLOEXEC);
    if (fd == -1)
        return 0;
    second_length = read(fd, second, sizeof second);
    close(fd);
    return first_length > 0 && first_length < (ssize_t) sizeof first && first_length == second_length
           && memcmp(first, second, (size_t) first_length) == 0;
}

/*
 * The master's AOT cache (JDK 25+), lib/master.aot, which scripts/build records in the workers' training run,
 * with a copy of the recording runtime's release file beside it (master.aot.release). HotSpot prints errors for
 * a cache another runtime wrote, and a runtime before 25 refuses the option, so it is used only with the runtime
 * whose release file that is, and never when JUNICORN_MASTER_JVM_OPTS chooses an archive itself (-XX:AOTMode=off
 * turns the cache off). Without it the master starts the same, on a third more CPU (docs/performance.md).
 */
static int add_master_aot_cache(struct master *master, const char *extra)
{
    char cache[PATH_MAX + 32], recorded[PATH_MAX + 32], release[PATH_MAX + 16];

    if (extra != NULL && (strstr(extra, "-XX:AOT") != NULL || strstr(extra, "-XX:SharedArchiveFile") != NULL
                          || strstr(extra, "-XX:ArchiveClassesAtExit") != NULL || strstr(extra, "-Xshare") != NULL))
        return 0;
    snprintf(cache, sizeof cache, "%s/master.aot", master->installation.lib);
    snprintf(recorded, sizeof recorded, "%s/master.aot.release", master->installation.lib);
    snprintf(release, sizeof release, "%s/release", master->java_home);
    if (access(cache, R_OK) == -1 || !same_contents(recorded, release))
        return 0;
    return jn_add_jvm_option(&master->options, "-XX:AOTCache=%s", cache);
}

static int add_master_options(struct master *master)
{
    struct jn_jvm_options *options = &master->options;
    const char *lib = master->installation.lib;
    const char *extra = getenv("JUNICORN_MASTER_JVM_OPTS");

    /* A control plane, not a server: a small heap and the C1 compiler are plenty. */
    if (jn_add_jvm_option(options, "-Djava.class.path=%s", master->jar) == -1
        || jn_add_jvm_option(options, "-XX:+UseSerialGC") == -1
        || jn_add_jvm_option(options, "-Xms8m") == -1
        || jn_add_jvm_option(options, "-Xmx128m") == -1
        || jn_add_jvm_option(options, "-XX:TieredStopAtLevel=1") == -1
        || jn_add_jvm_option(options, "-XX:ReservedCodeCacheSize=32m") == -1
        || jn_add_jvm_option(options, "--enable-native-access=ALL-UNNAMED") == -1
        || jn_add_jvm_option(options, "-Djna.boot.library.path=%s", lib) == -1
        || jn_add_jvm_option(options, "-Djna.library.path=%s", lib) == -1
        || jn_add_jvm_option(options, "-Djna.nounpack=true") == -1
        || jn_add_jvm_option(options, "-Djna.nosys=true") == -1
        /* a search path of JNA's own, so that loading JNA does not run `ldconfig -p` to find one
         * (a process, 50-100 ms of the master's start); the master loads its libraries by path */
        || jn_add_jvm_option(options, "-Djna.platform.library.path=%s", lib) == -1
        || jn_add_jvm_option(options, "-Djunicorn.home=%s", master->installation.home) == -1
        || jn_add_jvm_option(options, "-Djunicorn.launcher=%s", master->installation.exe) == -1
        || jn_add_jvm_option(options, "-Djunicorn.java.home=%s", master->java_home) == -1
        || jn_add_jvm_option(options, "-Djunicorn.libjvm=%s/lib/server/libjvm.so",
                             master->java_home) == -1
        || jn_add_jvm_option(options, "-Djunicorn.command=%s", master->command) == -1
        || jn_add_jvm_option(options, "-Djunicorn.start_dir=%s", master->start_dir) == -1
        || (master->directory != NULL
            && jn_add_jvm_option(options, "-Djunicorn.chdir=%s", master->directory) == -1)
        || (master->relaunched && jn_add_jvm_option(options, "-Djunicorn.relaunched=true") == -1)
        || (master->ready_fd != -1
            && jn_add_jvm_option(options, "-Djunicorn.daemon.ready_fd=%d", master->ready_fd) == -1)
        || add_master_aot_cache(master, extra) == -1)
        return -1;
    return extra != NULL ? jn_add_jvm_option_words(options, extra, " \t\n") : 0;
}

/* A missing jar would only show as a ClassNotFoundException from inside the JVM. */
static int find_master_jar(struct master *master)
{
    snprintf(master->jar, sizeof master->jar, "%s/junicorn-master.jar", master->installation.lib);
    if (access(master->jar, R_OK) == -1)
        return jn_fail(errno, "access(%s, R_OK)", master->jar);
    return 0;
}

/* Runs on the 4 MiB Java thread; returns the exit status. */
static int run_master_jvm(void *master_pointer)
{
    struct master *master = master_pointer;
    char libjvm[PATH_MAX + 32];
    JavaVM *vm;
    JNIEnv *env;
    int outcome;

    snprintf(libjvm, sizeof libjvm, "%s/lib/server/libjvm.so", master->java_home);
    if (jn_create_jvm(libjvm, &master->options, &vm, &env) == -1)
        exit_with_last_error(EXIT_CONFIG_ERROR);
    outcome = jn_call_main(env, MASTER_CLASS, master->arg_count, master->args);
    if (outcome == -1)
        exit_with_last_error(EXIT_CONFIG_ERROR);
    if (outcome == JN_MAIN_THREW)
        return EXIT_INTERNAL_ERROR;
    /* Main normally ends with System.exit(); a plain return waits for non-daemon threads here. */
    (*vm)->DestroyJavaVM(vm);
    return 0;
}

/* -D or --daemon, before any "--". */
static int has_daemon_flag(int count, char **args)
{
    int i;

    for (i = 0; i < count && strcmp(args[i], "--") != 0; i++)
        if (strcmp(args[i], "-D") == 0 || strcmp(args[i], "--daemon") == 0)
            return 1;
    return 0;
}

/* --chdir DIR or --chdir=DIR, before any "--"; the last one wins, as on the Java side. */
static const char *find_chdir_argument(int count, char **args)
{
    const char *directory = NULL;
    int i;

    for (i = 0; i < count && strcmp(args[i], "--") != 0; i++) {
        if (strncmp(args[i], "--chdir=", 8) == 0)
            directory = args[i] + 8;
        else if (strcmp(args[i], "--chdir") == 0 && i + 1 < count)
            directory = args[++i];
    }
    return directory;
}

static int remember_command(struct master *master, const char *argv0)
{
    if (getcwd(master->start_dir, sizeof master->start_dir) == NULL)
        return jn_fail(errno, "getcwd()");
    if (strchr(argv0, '/') == NULL || argv0[0] == '/')
        snprintf(master->command, sizeof master->command, "%s", argv0);
    else
        snprintf(master->command, sizeof master->command, "%s/%s", master->start_dir, argv0);
    return 0;
}

/*
 * The process setup only C can do before the JVM: --chdir (gunicorn changes the master's directory
 * too) and --daemon. They come from the command line, or from the master itself through
 * JUNICORN_CHDIR and JUNICORN_DAEMON when a config file or JUNICORN_CMD_ARGS set them: it then
 * re-executes this launcher (io.junicorn.master.ProcessSetup). A new master started by USR2
 * (JUNICORN_PID set) is detached already and never daemonizes again.
 */
static int set_up_process(struct master *master)
{
    const char *directory = getenv("JUNICORN_CHDIR");
    int daemon = getenv("JUNICORN_DAEMON") != NULL;

    master->relaunched = directory != NULL || daemon;
    if (directory == NULL)
        directory = find_chdir_argument(master->arg_count, master->args);
    else if ((directory = strdup(directory)) == NULL)
        return jn_fail(errno, "strdup(JUNICORN_CHDIR)");
    unsetenv("JUNICORN_CHDIR");
    unsetenv("JUNICORN_DAEMON");
    if (directory != NULL && directory[0] != '\0') {
        if (chdir(directory) == -1)
            return jn_fail(errno, "chdir(%s) for --chdir", directory);
        master->directory = directory;
    }
    daemon = daemon || has_daemon_flag(master->arg_count, master->args);
    if (daemon && getenv("JUNICORN_PID") == NULL)
        return jn_daemonize(&master->ready_fd);
    return 0;
}

static int run_master(int argc, char **argv)
{
    struct master master = { .arg_count = argc - 1, .ready_fd = -1 };
    int status;

    master.args = copy_arguments(master.arg_count, argv + 1);
    if (master.args == NULL || remember_command(&master, argv[0]) == -1
        || set_up_process(&master) == -1)
        exit_with_last_error(EXIT_CONFIG_ERROR);
    if (jn_proctitle_init(argc, argv) == -1
        || find_installation(&master.installation) == -1)
        exit_with_last_error(EXIT_CONFIG_ERROR);
    master.java_home = jn_find_java_home(master.arg_count, master.args, master.installation.lib);
    if (master.java_home == NULL || find_master_jar(&master) == -1)
        exit_with_last_error(EXIT_CONFIG_ERROR);

    /* Before any thread exists, so that every JVM thread inherits the mask and the signals can
     * only be read from the master's signalfd. */
    if (jn_signals_block(JN_SIGNALS_MASTER) == -1 || add_master_options(&master) == -1
        || jn_run_on_new_thread(run_master_jvm, &master, &status) == -1)
        exit_with_last_error(EXIT_CONFIG_ERROR);
    return status;
}

static int parse_slot(const char *text, int *slot)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < 0 || value > INT_MAX)
        return jn_refuse(EINVAL, "worker mode: JUNICORN_WORKER=%s is not a slot number", text);
    *slot = (int) value;
    return 0;
}

/* Takes the master's instructions out of the environment, so the application's children do not
 * see them; JUNICORN_WORKER and JUNICORN_WORKER_CONF stay for Java. */
static int take_worker_environment(struct worker *worker, int *slot)
{
    const char *libjvm = getenv("JUNICORN_LIBJVM");
    const char *options = getenv("JUNICORN_JVM_OPTS");

    if (parse_slot(getenv("JUNICORN_WORKER"), slot) == -1)
        return -1;
    if (libjvm == NULL || libjvm[0] == '\0')
        return jn_refuse(EINVAL, "worker mode: JUNICORN_LIBJVM is not set (the master sets it)");
    worker->libjvm = strdup(libjvm);
    if (worker->libjvm == NULL)
        return jn_fail(errno, "strdup(JUNICORN_LIBJVM)");
    if (options != NULL && jn_add_jvm_option_words(&worker->options, options, "\n") == -1)
        return -1;
    unsetenv("JUNICORN_LIBJVM");
    unsetenv("JUNICORN_JVM_OPTS");
    return 0;
}

static int map_heartbeat_slot(struct worker *worker, int slot)
{
    if (fcntl(HEARTBEAT_FD, F_GETFD) == -1)
        return jn_fail(errno, "worker mode: fd %d must be the heartbeat memfd: fcntl(%d, F_GETFD)",
                       HEARTBEAT_FD, HEARTBEAT_FD);
    worker->heartbeat_slot = jn_heartbeat_map_slot(HEARTBEAT_FD, slot);
    if (worker->heartbeat_slot == NULL)
        return -1;
    if (close(HEARTBEAT_FD) == -1)
        return jn_fail(errno, "close(heartbeat fd %d)", HEARTBEAT_FD);
    return 0;
}

static int prepare_worker(struct worker *worker)
{
    int slot = -1;

    if (take_worker_environment(worker, &slot) == -1)
        return -1;
    /* As in the master, before any thread: ABRT too, the master's "log your stacks and exit". */
    if (jn_signals_block(JN_SIGNALS_WORKER) == -1)
        return -1;
    worker->signal_fd = jn_signals_open_worker();
    if (worker->signal_fd == -1)
        return -1;
    return map_heartbeat_slot(worker, slot);
}

/* Runs on the 4 MiB Java thread; returns the exit status. */
static int run_worker_jvm(void *worker_pointer)
{
    struct worker *worker = worker_pointer;
    JavaVM *vm;
    JNIEnv *env;
    int outcome;

    if (jn_create_jvm(worker->libjvm, &worker->options, &vm, &env) == -1
        || jn_register_worker_natives(env, worker->heartbeat_slot, worker->signal_fd) == -1)
        exit_with_last_error(EXIT_WORKER_BOOT_ERROR);
    outcome = jn_call_main(env, WORKER_CLASS, 0, NULL);
    if (outcome == -1)
        exit_with_last_error(EXIT_WORKER_BOOT_ERROR);
    if (outcome == JN_MAIN_THREW)
        return EXIT_WORKER_BOOT_ERROR;
    (*vm)->DestroyJavaVM(vm);
    return 0;
}

static int run_worker(void)
{
    struct worker worker = { .signal_fd = -1 };
    int status;

    if (prepare_worker(&worker) == -1
        || jn_run_on_new_thread(run_worker_jvm, &worker, &status) == -1)
        exit_with_last_error(EXIT_WORKER_BOOT_ERROR);
    return status;
}

int main(int argc, char **argv)
{
    if (getenv("JUNICORN_WORKER") != NULL)
        return run_worker();
    return run_master(argc, argv);
}
