/* Nice values of a whole process. Linux keeps the nice value per thread, and a thread inherits its
 * creator's, so a process's value is changed by setting it on each of its threads in /proc/PID/task. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "junicorn.h"
#include "error.h"

#define MAX_PASSES 4

/* One pass over the threads; returns how many it changed, or -1. */
static int set_thread_priorities(int pid, int nice_value)
{
    char path[64];
    DIR *tasks;
    struct dirent *entry;
    int tid, current, changed = 0;

    snprintf(path, sizeof path, "/proc/%d/task", pid);
    tasks = opendir(path);
    if (tasks == NULL)
        return jn_fail(errno, "opendir(%s)", path);
    while ((entry = readdir(tasks)) != NULL) {
        tid = atoi(entry->d_name);
        if (tid <= 0)
            continue;
        errno = 0;
        current = getpriority(PRIO_PROCESS, (id_t) tid);
        if (current == -1 && errno == ESRCH)
            continue; /* the thread ended meanwhile */
        if (current == nice_value)
            continue;
        if (setpriority(PRIO_PROCESS, (id_t) tid, nice_value) == -1) {
            if (errno == ESRCH)
                continue;
            closedir(tasks);
            return jn_fail(errno, "setpriority(PRIO_PROCESS, thread %d of %d, %d)", tid, pid,
                           nice_value);
        }
        changed++;
    }
    closedir(tasks);
    return changed;
}

int jn_set_priority(int pid, int nice_value)
{
    int pass, changed;

    if (pid <= 0)
        return jn_refuse(EINVAL, "set priority of pid %d: not a process", pid);
    /* A thread started by one not yet changed inherits the old value: go round until none is. */
    for (pass = 0; pass < MAX_PASSES; pass++) {
        changed = set_thread_priorities(pid, nice_value);
        if (changed <= 0)
            return changed;
    }
    return 0;
}
