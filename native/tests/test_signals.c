/* Tests for the signalfd: blocked signals arrive as data, a quiet wait times out on time. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "junicorn.h"
#include "check.h"

static void test_master_signal_arrives(void)
{
    long started, waited;
    int sfd;

    CHECK(jn_signals_block(JN_SIGNALS_MASTER) == 0);
    sfd = jn_signals_open();
    CHECK(sfd >= 0);
    CHECK(kill(getpid(), SIGTTIN) == 0);
    CHECK(jn_signals_wait(sfd, 2000) == SIGTTIN);

    started = monotonic_ms();
    CHECK(jn_signals_wait(sfd, 200) == 0);
    waited = monotonic_ms() - started;
    CHECK(waited >= 190 && waited < 1000);
    CHECK(jn_close(sfd) == 0);
}

static void test_worker_set_includes_abort(void)
{
    int sfd;

    CHECK(jn_signals_block(JN_SIGNALS_WORKER) == 0);
    sfd = jn_signals_open_worker();
    CHECK(sfd >= 0);
    CHECK(kill(getpid(), SIGABRT) == 0);
    CHECK(jn_signals_wait(sfd, 2000) == SIGABRT);
    CHECK(jn_close(sfd) == 0);
}

static void test_signal_failures(void)
{
    CHECK(jn_signals_block(7) == -1 && errno == EINVAL);
    CHECK(jn_signals_wait(1000, 10) == -1 && errno == EBADF);
}

void test_signals(void)
{
    test_master_signal_arrives();
    test_worker_set_includes_abort();
    test_signal_failures();
}
