package io.junicorn.master.arbiter;

/** A deliberate end of the master: a signal, or a worker that cannot boot. Carries the exit status. */
final class HaltServer extends RuntimeException {
    final int status;
    final boolean graceful;

    HaltServer(String reason, int status, boolean graceful) {
        super(reason, null, false, false);
        this.status = status;
        this.graceful = graceful;
    }
}
