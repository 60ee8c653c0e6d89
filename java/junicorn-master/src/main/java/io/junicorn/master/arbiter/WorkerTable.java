package io.junicorn.master.arbiter;

import io.junicorn.common.WorkerState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

/**
 * The master's decisions, as functions of the worker table and a clock: whom to spawn, whom to retire,
 * whom to abort or kill. No processes, signals or logs here, so the policy is tested without them
 * (WorkerTableTest); the Arbiter carries the decisions out.
 */
final class WorkerTable {
    /** How long a worker's memory must stay above max_worker_memory before it is recycled: a burst is not enough. */
    static final long MEMORY_GRACE_NANOS = 5_000_000_000L;
    /** Time a worker gets to log its stacks after ABRT before KILL. */
    static final long ABORT_GRACE_NANOS = 2_000_000_000L;
    /**
     * Time a stopping worker gets past the graceful timeout to exit: it counts the graceful timeout itself,
     * from the moment it began to stop, and then still runs its exit (worker_exit hook, the application's
     * close, shutdown hooks); a KILL at the same instant would cut that short on a loaded machine.
     */
    static final long EXIT_GRACE_NANOS = 2_000_000_000L;

    private final Map<Integer, Worker> workers = new LinkedHashMap<>();

    /** The timeouts in force for one generation's workers, in milliseconds; 0 turns one off. */
    record Timeouts(long timeout, long gracefulTimeout, long bootTimeout) {
    }

    enum Action { ABORT, KILL }

    /** What murder() decided for one worker, and the reason the operator reads in the log. */
    record Verdict(Worker worker, Action action, String reason) {
    }

    void add(Worker worker) {
        workers.put(worker.pid, worker);
    }

    void remove(Worker worker) {
        workers.remove(worker.pid);
    }

    Collection<Worker> all() {
        return workers.values();
    }

    List<Worker> snapshot() {
        return new ArrayList<>(workers.values());
    }

    boolean isEmpty() {
        return workers.isEmpty();
    }

    boolean anyBootingOrStopping() {
        return workers.values().stream().anyMatch(w -> !w.booted() || w.retiring());
    }

    boolean hasGeneration(int generation) {
        return workers.values().stream().anyMatch(w -> w.generation == generation);
    }

    /** Records what each worker says in its heartbeat slot; returns the workers that just became ready. */
    List<Worker> observe(IntFunction<WorkerState> stateOfSlot, long nowNanos) {
        List<Worker> ready = new ArrayList<>();
        for (Worker worker : workers.values()) {
            worker.state = stateOfSlot.apply(worker.slot);
            if (worker.state == WorkerState.READY && !worker.everReady) {
                worker.everReady = true;
                ready.add(worker);
            }
            if (worker.state == WorkerState.STOPPING && worker.stopSentNanos == 0) {
                worker.stopSentNanos = nowNanos;
            }
        }
        return ready;
    }

    /** Workers of the generation that serve (or boot to) and are not being retired, oldest first; spares apart. */
    List<Worker> active(int generation) {
        return workers.values().stream().filter(w -> w.generation == generation && !w.retiring() && !w.spare)
                .sorted(Comparator.comparingLong(w -> w.age)).toList();
    }

    /** The generation's spares, booting or standing by, and not being retired, oldest first. */
    List<Worker> spares(int generation) {
        return workers.values().stream().filter(w -> w.generation == generation && !w.retiring() && w.spare)
                .sorted(Comparator.comparingLong(w -> w.age)).toList();
    }

    /**
     * The spares that stand by in place of missing workers of the generation, oldest first: each is called to serve
     * and counts as one of the workers from now on.
     */
    List<Worker> callSpares(int generation, int target) {
        List<Worker> called = spares(generation).stream().filter(w -> w.state == WorkerState.SPARE)
                .limit(missing(generation, target)).toList();
        called.forEach(w -> w.spare = false);
        return called;
    }

    /**
     * How many spares of the generation may be spawned now: only once its whole worker count is ready (spares
     * never take cores from a boot that serves sooner), and as worker_boot_concurrency lets.
     */
    int sparesSpawnable(int generation, int target, int spareTarget, int bootConcurrency) {
        List<Worker> active = active(generation);
        if (active.size() < target || active.stream().anyMatch(w -> !w.everReady)) {
            return 0;
        }
        return withinBootConcurrency(Math.max(0, spareTarget - spares(generation).size()), bootConcurrency);
    }

    /** Spares of other generations (a reload or its roll-back), and the youngest beyond spareTarget. */
    List<Worker> surplusSpares(int generation, int spareTarget) {
        List<Worker> surplus = new ArrayList<>(workers.values().stream()
                .filter(w -> w.spare && w.generation != generation && !w.retiring()).toList());
        List<Worker> own = spares(generation);
        surplus.addAll(own.subList(Math.min(own.size(), spareTarget), own.size()));
        return surplus;
    }

    /** Workers of the generation that have reported ready and are not being retired. */
    int readyCount(int generation) {
        return (int) active(generation).stream().filter(w -> w.everReady).count();
    }

    int missing(int generation, int target) {
        return Math.max(0, target - active(generation).size());
    }

    /**
     * How many of the generation's missing workers may be spawned now. While some worker serves (or, when
     * {@code othersServe}, another master's do: a USR2 upgrade), at most {@code bootConcurrency} workers boot at
     * once, so that booting JVMs, which want every core for a second or more, leave cores to the serving ones; the
     * next spawns when one is ready or has failed. When none serves (start-up, or all gone) the whole count boots
     * at once: then nothing is served until one is up. A bootConcurrency of 0 sets no limit.
     */
    int spawnable(int generation, int target, int bootConcurrency, boolean othersServe) {
        int missing = missing(generation, target);
        boolean serving = othersServe || workers.values().stream().anyMatch(w -> w.everReady && !w.retiring());
        return serving ? withinBootConcurrency(missing, bootConcurrency) : missing;
    }

    /** As many of {@code wanted} boots as worker_boot_concurrency lets start beside those under way (0: no limit). */
    private int withinBootConcurrency(int wanted, int bootConcurrency) {
        if (bootConcurrency == 0) {
            return wanted;
        }
        long booting = workers.values().stream().filter(w -> !w.booted() && !w.retiring()).count();
        return (int) Math.max(0, Math.min(wanted, bootConcurrency - booting));
    }

    /** TTOU and smaller reloads: the oldest workers beyond the target, as gunicorn retires them. */
    List<Worker> surplus(int generation, int target) {
        List<Worker> active = active(generation);
        return active.subList(0, Math.max(0, active.size() - target));
    }

    /**
     * A reload completes when the new generation has its full count ready: then, and only then, every
     * worker of an older generation is retired, so there is never a moment with nobody accepting.
     */
    List<Worker> olderToRetire(int generation, int target) {
        long ready = active(generation).stream().filter(w -> w.everReady).count();
        if (ready < target) {
            return List.of();
        }
        return workers.values().stream().filter(w -> w.generation < generation && !w.retiring()).toList();
    }

    /** The newest older generation that still serves: where a failed reload falls back to. */
    OptionalInt servingOlderGeneration(int generation) {
        return workers.values().stream().filter(w -> w.generation < generation && w.everReady && !w.retiring())
                .mapToInt(w -> w.generation).max();
    }

    /**
     * max_worker_memory: records each serving worker's memory (PSS in bytes, 0 when unknown) and returns the one to
     * recycle, if any: the one longest above the limit for at least the grace, and only while every other worker
     * of the generation serves and none is already being recycled for memory, so that a limit every worker
     * exceeds replaces them one after another, never all at once.
     */
    java.util.Optional<Worker> overMemory(int generation, long limitBytes, ToLongFunction<Worker> memory,
                                          long nowNanos) {
        List<Worker> active = active(generation);
        for (Worker worker : active) {
            worker.memoryBytes = worker.everReady ? memory.applyAsLong(worker) : 0;
            if (worker.memoryBytes <= limitBytes) {
                worker.overMemory = false;
            } else if (!worker.overMemory) {
                worker.overMemory = true;
                worker.overMemorySinceNanos = nowNanos;
            }
        }
        boolean settled = active.stream().allMatch(w -> w.everReady)
                && workers.values().stream().noneMatch(w -> w.retiredForMemory && w.retiring());
        if (!settled) {
            return java.util.Optional.empty();
        }
        return active.stream().filter(w -> w.overMemory
                        && nowNanos - w.overMemorySinceNanos >= MEMORY_GRACE_NANOS)
                .min(Comparator.comparingLong(w -> w.overMemorySinceNanos));
    }

    /**
     * The master's timeouts: ABRT for a ready worker whose heartbeat is older than --timeout, KILL for one
     * that outlives ABRT by the grace, TERM by the graceful timeout (and the grace to exit after it), or spawn
     * by the boot timeout.
     */
    List<Verdict> judge(long nowNanos, ToLongFunction<Worker> tickMillis, IntFunction<Timeouts> timeoutsOfGeneration) {
        List<Verdict> verdicts = new ArrayList<>();
        long nowMillis = nowNanos / 1_000_000L;
        for (Worker worker : workers.values()) {
            Timeouts limits = timeoutsOfGeneration.apply(worker.generation);
            if (worker.killSent) {
                continue;
            }
            if (worker.abortSentNanos != 0) {
                if (nowNanos - worker.abortSentNanos > ABORT_GRACE_NANOS) {
                    verdicts.add(new Verdict(worker, Action.KILL, "did not exit after ABRT"));
                }
            } else if (worker.stopSentNanos != 0) {
                if (nowNanos - worker.stopSentNanos > limits.gracefulTimeout() * 1_000_000L + EXIT_GRACE_NANOS) {
                    verdicts.add(new Verdict(worker, Action.KILL, "did not stop within the graceful timeout"));
                }
            } else if (!worker.booted()) {
                if (limits.bootTimeout() > 0 && nowNanos - worker.spawnedNanos > limits.bootTimeout() * 1_000_000L) {
                    verdicts.add(new Verdict(worker, Action.KILL, "did not boot within the boot timeout"));
                }
            } else if (limits.timeout() > 0) {
                long silence = nowMillis - tickMillis.applyAsLong(worker);
                if (silence > limits.timeout()) {
                    verdicts.add(new Verdict(worker, Action.ABORT, "no heartbeat for " + silence + " ms"));
                }
            }
        }
        return verdicts;
    }
}
