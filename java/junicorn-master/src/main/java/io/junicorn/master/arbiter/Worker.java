package io.junicorn.master.arbiter;

import io.junicorn.common.WorkerState;

/**
 * One worker process as the master tracks it: its pid and heartbeat slot, the generation (a reload starts a
 * new one), its age (spawn order, so TTOU retires the oldest), and what the master has done to it.
 */
final class Worker {
    final int pid;
    final int slot;
    final int generation;
    final long age;
    final long spawnedNanos;
    WorkerState state = WorkerState.BOOTING;
    boolean everReady;
    /** One of the spare_workers, not yet called to serve: it counts apart from the worker count. */
    boolean spare;
    /** When the master sent TERM (retire) or ABRT (timeout); 0 if not yet. */
    long stopSentNanos;
    long abortSentNanos;
    boolean killSent;
    /** Whether its PSS is above max_worker_memory, since when, and the last figure read. */
    boolean overMemory;
    long overMemorySinceNanos;
    long memoryBytes;
    boolean retiredForMemory;

    Worker(int pid, int slot, int generation, long age, long spawnedNanos) {
        this(pid, slot, generation, age, spawnedNanos, false);
    }

    Worker(int pid, int slot, int generation, long age, long spawnedNanos, boolean spare) {
        this.pid = pid;
        this.slot = slot;
        this.generation = generation;
        this.age = age;
        this.spawnedNanos = spawnedNanos;
        this.spare = spare;
    }

    /** Past its boot: serving, or a spare standing by (whose heartbeat --timeout watches as a serving one's). */
    boolean booted() {
        return everReady || state == WorkerState.SPARE;
    }

    boolean retiring() {
        return stopSentNanos != 0 || abortSentNanos != 0 || killSent;
    }

    @Override
    public String toString() {
        return "pid:" + pid;
    }
}
