/* Tests for the calls that change the master process itself (process.c). */
#include <sys/resource.h>

#include "junicorn.h"
#include "check.h"

/* From a lowered soft limit up to the hard one, and a second call finds nothing to raise. */
static void test_raise_fd_limit(void)
{
    struct rlimit saved, lowered, now;
    long long limits[2] = { 0, 0 };

    CHECK(getrlimit(RLIMIT_NOFILE, &saved) == 0);
    lowered = saved;
    lowered.rlim_cur = 256;
    CHECK(setrlimit(RLIMIT_NOFILE, &lowered) == 0);

    CHECK(jn_raise_fd_limit(limits) == 0);
    CHECK(limits[0] == 256);
    CHECK(limits[1] == (long long) saved.rlim_max);
    CHECK(getrlimit(RLIMIT_NOFILE, &now) == 0 && now.rlim_cur == saved.rlim_max);
    CHECK(jn_raise_fd_limit(limits) == 0);
    CHECK(limits[0] == (long long) saved.rlim_max && limits[1] == limits[0]);

    CHECK(setrlimit(RLIMIT_NOFILE, &saved) == 0);
}

void test_process(void)
{
    test_raise_fd_limit();
}
