/* The process title, nginx's ngx_setproctitle: ps and /proc/PID/cmdline read the memory that
 * held argv at exec time, so the title is written over the argv strings and the environ strings
 * that follow them (environ is moved to the heap first). The master's Java code sets it through
 * JNA, so a new title is visible to "ps" and to tools that match on the title. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "junicorn.h"
#include "error.h"

extern char **environ;

static char *title_start;
static char *title_end;     /* one past the last byte we may write */
static char *arguments_end; /* one past argv's last NUL, where the kernel's arg_end points */

/* Extends [title_start, title_end) over the strings that follow it without a gap. */
static void extend_title_area(char *const *strings, int count)
{
    int i;

    for (i = 0; i < count && strings[i] != NULL; i++)
        if (strings[i] == title_end)
            title_end = strings[i] + strlen(strings[i]) + 1;
}

static int move_environ_to_heap(void)
{
    char **copy;
    int count, i;

    for (count = 0; environ[count] != NULL; count++)
        ;
    copy = malloc(((size_t) count + 1) * sizeof *copy);
    if (copy == NULL)
        return jn_fail(errno, "proctitle: malloc(environ of %d strings)", count);
    for (i = 0; i < count; i++) {
        copy[i] = strdup(environ[i]);
        if (copy[i] == NULL)
            return jn_fail(errno, "proctitle: strdup(environ[%d])", i);
    }
    copy[count] = NULL;
    environ = copy;
    return 0;
}

int jn_proctitle_init(int argc, char **argv)
{
    char **old_environ = environ;
    int environ_count;

    if (argc <= 0 || argv == NULL || argv[0] == NULL)
        return jn_refuse(EINVAL, "proctitle: argv is empty");
    title_start = argv[0];
    title_end = argv[0];
    extend_title_area(argv, argc);
    arguments_end = title_end;

    for (environ_count = 0; old_environ[environ_count] != NULL; environ_count++)
        ;
    if (move_environ_to_heap() == -1) {
        title_start = NULL;
        return -1;
    }
    extend_title_area(old_environ, environ_count);
    return 0;
}

/* prctl(PR_SET_NAME) names only the calling thread, and the caller is a Java thread; ps and top
 * show the main thread's name, which /proc/self/comm (the thread group leader's) sets from any
 * thread. */
static int set_process_name(const char *title)
{
    char name[16];
    size_t length;
    ssize_t written;
    int fd, err;

    length = strnlen(title, sizeof name - 1);
    memcpy(name, title, length);
    name[length] = '\0';
    fd = open("/proc/self/comm", O_WRONLY | O_CLOEXEC);
    if (fd == -1)
        return jn_fail(errno, "open(/proc/self/comm)");
    written = write(fd, name, length);
    err = errno;
    close(fd);
    if (written == -1)
        return jn_fail(err, "write(/proc/self/comm, %s)", name);
    return 0;
}

int jn_proctitle_set(const char *title)
{
    size_t area, length;

    if (title_start == NULL)
        return jn_refuse(EINVAL, "proctitle: jn_proctitle_init() was not called");
    if (title == NULL)
        return jn_refuse(EINVAL, "proctitle: no title given");
    area = (size_t) (title_end - title_start);
    length = strnlen(title, area - 1);
    memcpy(title_start, title, length);
    memset(title_start + length, '\0', area - length);
    /* The kernel shows all of argv's memory, NULs included, unless argv's last byte is not NUL:
     * then it shows the first string only (proc(5), "setproctitle" case). A title shorter than
     * argv would otherwise come with a tail of empty arguments. */
    if (title_start + length < arguments_end - 1)
        arguments_end[-1] = ' ';

    return set_process_name(title);
}
