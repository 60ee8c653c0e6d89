package io.junicorn.master.arbiter;

/**
 * When the next worker may be spawned, and how signals change the number of workers: decisions as functions of
 * state and a clock, tested without processes (SpawnPolicyTest).
 *
 * <p>One back-off for every failure to get a worker running, whether the spawn itself failed or the worker
 * exited before it was ready: 0.1 s, doubling per consecutive failure, at most 10 s, so a broken environment
 * never makes the master spin. A worker that reports ready ends the series.
 */
final class SpawnPolicy {
    static final long FIRST_BACKOFF_NANOS = 100_000_000L;
    static final long MAX_BACKOFF_NANOS = 10_000_000_000L;

    private int failures;
    private long nextSpawnNanos;
    private boolean waiting;

    /** The delay before the n-th consecutive failure's next spawn (n from 1). */
    static long backoffNanos(int failures) {
        return Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(Math.max(failures, 1) - 1, 20));
    }

    /** Records a failure at nowNanos; returns the delay before the next spawn. */
    long failed(long nowNanos) {
        failures++;
        long delay = backoffNanos(failures);
        nextSpawnNanos = nowNanos + delay;
        waiting = true;
        return delay;
    }

    /** A worker reported ready: the environment works, the next failure starts a new series. */
    void succeeded() {
        failures = 0;
    }

    /** A reload starts afresh: its new settings may be what fixes the failures. */
    void reset() {
        failures = 0;
        waiting = false;
    }

    int failures() {
        return failures;
    }

    boolean maySpawn(long nowNanos) {
        return !waiting || nowNanos - nextSpawnNanos >= 0;
    }

    /**
     * TTOU and {@code workers remove}: never below 1, and never up. After WINCH the target is 0 and stays 0:
     * gunicorn's handle_ttou does nothing when there is at most one worker (TTIN adds one, from 0 too).
     */
    static int fewer(int target, int count) {
        return target <= 1 ? target : Math.max(1, target - count);
    }
}
