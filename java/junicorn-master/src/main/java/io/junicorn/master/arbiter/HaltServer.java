package io.junicorn.master.arbiter;

/**
 * A deliberate end of the master: a signal, or a worker that cannot boot. Carries the exit status, and a reason
 * that names the signal or the failure.
 */
final class HaltServer extends RuntimeException {
    final int status;
    final boolean graceful;

    HaltServer(String reason, int status, boolean graceful) {
        super(reason, null, false, false);
        this.status = status;
        this.graceful = graceful;
    }

    /** Why a master that halts before its first generation served did not start: a daemon's starter prints it. */
    String whyNotStarted() {
        return status == io.junicorn.common.ExitStatus.OK
                ? "stopped by " + getMessage() + " before its workers were ready" : getMessage();
    }
}
