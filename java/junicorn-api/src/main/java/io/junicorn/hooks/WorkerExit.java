package io.junicorn.hooks;

/**
 * How a worker process ended, as the master reaped it.
 *
 * @param code   its exit status (docs/exit-codes.md), or -1 when a signal ended it
 * @param signal the number of the signal that ended it, or 0 when it exited
 */
public record WorkerExit(int code, int signal) {
    public boolean signaled() {
        return signal != 0;
    }
}
