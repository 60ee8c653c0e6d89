/* Spawned by the tests. "probe fds" prints the open fds (dev and inode), the blocked signals and
 * the SIGPIPE and SIGINT dispositions; "probe ids" prints the Uid, Gid and Groups lines of
 * /proc/self/status, the umask and the working directory; "probe wait" exits 7 at EOF on stdin;
 * "probe sleep" waits for a signal. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void print_ids(void)
{
    char line[512], directory[512];
    FILE *status = fopen("/proc/self/status", "r");
    mode_t mask = umask(0);

    while (status != NULL && fgets(line, sizeof line, status) != NULL)
        if (strncmp(line, "Uid:", 4) == 0 || strncmp(line, "Gid:", 4) == 0
            || strncmp(line, "Groups:", 7) == 0)
            fputs(line, stdout);
    if (status != NULL)
        fclose(status);
    printf("umask %03o\n", (unsigned) mask);
    printf("cwd %s\n", getcwd(directory, sizeof directory) != NULL ? directory : "?");
}

static void print_fds(void)
{
    struct stat status;
    int fd;

    for (fd = 0; fd < 1024; fd++)
        if (fcntl(fd, F_GETFD) != -1 && fstat(fd, &status) == 0)
            printf("fd %d dev %lu ino %lu\n", fd, (unsigned long) status.st_dev,
                   (unsigned long) status.st_ino);
}

static void print_blocked_signals(void)
{
    sigset_t blocked;
    int number, any = 0;

    sigprocmask(SIG_BLOCK, NULL, &blocked);
    printf("blocked");
    for (number = 1; number < NSIG; number++)
        if (sigismember(&blocked, number) == 1) {
            printf(" %d", number);
            any = 1;
        }
    printf("%s\n", any ? "" : " none");
}

static void print_disposition(int number, const char *name)
{
    struct sigaction action;

    sigaction(number, NULL, &action);
    printf("%s %s\n", name, action.sa_handler == SIG_DFL ? "default"
                            : action.sa_handler == SIG_IGN ? "ignored" : "handled");
}

int main(int argc, char **argv)
{
    char byte;

    if (argc > 1 && strcmp(argv[1], "fds") == 0) {
        print_fds();
        print_blocked_signals();
        print_disposition(SIGPIPE, "SIGPIPE");
        print_disposition(SIGINT, "SIGINT");
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "ids") == 0) {
        print_ids();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "wait") == 0) {
        while (read(0, &byte, 1) > 0)
            ;
        return 7;
    }
    if (argc > 1 && strcmp(argv[1], "sleep") == 0) {
        pause();
        return 0;
    }
    return 2;
}
