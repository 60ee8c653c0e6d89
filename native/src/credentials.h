/* Who a spawned child becomes: resolved in the parent, before fork(), because getpwnam() and
 * getgrouplist() may allocate, lock and talk to NSS, none of which is safe in a child of a JVM. */
#ifndef JN_CREDENTIALS_H
#define JN_CREDENTIALS_H

#include <sys/types.h>

struct jn_credentials {
    int change_ids;  /* setgroups, setgid and setuid in the child */
    uid_t uid;
    gid_t gid;
    gid_t *groups;   /* the supplementary groups, malloc'ed */
    int group_count;
    int umask;       /* -1: inherited */
    const char *directory; /* NULL: inherited */
    int nice_increment; /* added to the child's nice value before execve; 0: inherited */
};

/* Resolves user (name or number; NULL or "" keeps the caller's) and group (name or number; NULL or
 * "" means the user's primary group, or the caller's without a user). With initgroups the
 * supplementary groups are the user's (getgrouplist); otherwise only the group itself, so a root
 * master's supplementary groups never reach a worker. */
int jn_credentials_resolve(struct jn_credentials *credentials, const char *user, const char *group,
                           int initgroups, int umask, const char *directory);

void jn_credentials_free(struct jn_credentials *credentials);

#endif
