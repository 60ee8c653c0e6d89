/* Resolving user and group names for jn_spawn_as(); see credentials.h. */
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "credentials.h"
#include "error.h"

static int parse_id(const char *text, unsigned long *id)
{
    char *end;

    if (text[0] < '0' || text[0] > '9')
        return 0;
    errno = 0;
    *id = strtoul(text, &end, 10);
    return errno == 0 && *end == '\0' && *id < UINT_MAX;
}

/* getpwnam() and getgrnam() return NULL with errno 0 (or ENOENT, ESRCH...) for "no such name". */
static int lookup_failure(int err, const char *call, const char *name, const char *what)
{
    if (err == 0 || err == ENOENT || err == ESRCH || err == EBADF || err == EPERM)
        return jn_refuse(EINVAL, "%s(%s): no such %s", call, name, what);
    return jn_fail(err, "%s(%s)", call, name);
}

static int resolve_user(const char *user, uid_t *uid, gid_t *gid, char *name, size_t size)
{
    struct passwd *entry;
    unsigned long id;

    errno = 0;
    if (parse_id(user, &id))
        entry = getpwuid((uid_t) id);
    else
        entry = getpwnam(user);
    if (entry == NULL) {
        if (parse_id(user, &id)) {
            /* A bare uid without a passwd entry is allowed (containers): its group is the caller's. */
            *uid = (uid_t) id;
            *gid = getgid();
            name[0] = '\0';
            return 0;
        }
        return lookup_failure(errno, "getpwnam", user, "user");
    }
    *uid = entry->pw_uid;
    *gid = entry->pw_gid;
    if (strlen(entry->pw_name) >= size)
        return jn_refuse(ENAMETOOLONG, "user name %s is too long", entry->pw_name);
    strcpy(name, entry->pw_name);
    return 0;
}

static int resolve_group(const char *group, gid_t *gid)
{
    struct group *entry;
    unsigned long id;

    if (parse_id(group, &id)) {
        *gid = (gid_t) id;
        return 0;
    }
    errno = 0;
    entry = getgrnam(group);
    if (entry == NULL)
        return lookup_failure(errno, "getgrnam", group, "group");
    *gid = entry->gr_gid;
    return 0;
}

static int list_groups(struct jn_credentials *credentials, const char *name, int initgroups)
{
    int count = 32;

    if (!initgroups || name[0] == '\0') {
        credentials->groups = malloc(sizeof *credentials->groups);
        if (credentials->groups == NULL)
            return jn_fail(errno, "malloc(1 group)");
        credentials->groups[0] = credentials->gid;
        credentials->group_count = 1;
        return 0;
    }
    for (;;) {
        int wanted = count;

        credentials->groups = malloc((size_t) count * sizeof *credentials->groups);
        if (credentials->groups == NULL)
            return jn_fail(errno, "malloc(%d groups)", count);
        if (getgrouplist(name, credentials->gid, credentials->groups, &count) != -1) {
            credentials->group_count = count;
            return 0;
        }
        free(credentials->groups);
        credentials->groups = NULL;
        if (count <= wanted)
            return jn_refuse(EINVAL, "getgrouplist(%s) failed", name);
    }
}

int jn_credentials_resolve(struct jn_credentials *credentials, const char *user, const char *group,
                           int initgroups, int umask, const char *directory)
{
    char name[256] = "";
    int has_user = user != NULL && user[0] != '\0';
    int has_group = group != NULL && group[0] != '\0';

    memset(credentials, 0, sizeof *credentials);
    credentials->umask = umask;
    credentials->directory = directory != NULL && directory[0] != '\0' ? directory : NULL;
    if (umask < -1 || umask > 0777)
        return jn_refuse(EINVAL, "umask %o is not a file mode mask", (unsigned) umask);
    if (!has_user && !has_group)
        return 0;
    credentials->change_ids = 1;
    credentials->uid = getuid();
    credentials->gid = getgid();
    if (has_user && resolve_user(user, &credentials->uid, &credentials->gid, name, sizeof name) == -1)
        return -1;
    if (has_group && resolve_group(group, &credentials->gid) == -1)
        return -1;
    return list_groups(credentials, name, initgroups);
}

void jn_credentials_free(struct jn_credentials *credentials)
{
    free(credentials->groups);
    credentials->groups = NULL;
}
