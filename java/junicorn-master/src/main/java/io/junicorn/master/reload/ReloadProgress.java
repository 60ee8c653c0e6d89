package io.junicorn.master.reload;

import java.util.HashSet;
import java.util.Set;

/**
 * How far a reload has come, judged from outside by the master's workers alone, so it needs no setting: the master
 * retires its old workers only once every worker of the new generation is ready, so when all the workers it had
 * before the HUP are gone and others serve, the reload is done. A failed reload keeps the old workers and starts
 * no new one (settings, hooks, listeners) or stops the new ones (an application that cannot boot).
 */
final class ReloadProgress {
    /** The master reads the settings and spawns the new generation in the loop turn that handles HUP. */
    static final long NO_NEW_WORKER_NANOS = 5_000_000_000L;
    /** Longer than the master's longest respawn back-off (10 s), so a crash-looping worker is not a rollback. */
    static final long NEW_WORKERS_GONE_NANOS = 11_000_000_000L;

    enum Outcome { PENDING, DONE, NO_NEW_WORKER, NEW_WORKERS_GONE }

    private final Set<Long> before;
    private long lastNewWorkerNanos;
    private boolean sawNewWorker;

    ReloadProgress(Set<Long> workersBefore, long hupNanos) {
        this.before = Set.copyOf(workersBefore);
        this.lastNewWorkerNanos = hupNanos;
    }

    Outcome judge(Set<Long> workersNow, long nowNanos) {
        Set<Long> added = new HashSet<>(workersNow);
        added.removeAll(before);
        if (!added.isEmpty()) {
            sawNewWorker = true;
            lastNewWorkerNanos = nowNanos;
            if (workersNow.stream().noneMatch(before::contains)) {
                return Outcome.DONE;
            }
            return Outcome.PENDING;
        }
        long quiet = nowNanos - lastNewWorkerNanos;
        if (sawNewWorker) {
            return quiet > NEW_WORKERS_GONE_NANOS ? Outcome.NEW_WORKERS_GONE : Outcome.PENDING;
        }
        return quiet > NO_NEW_WORKER_NANOS ? Outcome.NO_NEW_WORKER : Outcome.PENDING;
    }

    /** The workers from before the HUP that still run. */
    Set<Long> remaining(Set<Long> workersNow) {
        Set<Long> remaining = new HashSet<>(workersNow);
        remaining.retainAll(before);
        return remaining;
    }
}
