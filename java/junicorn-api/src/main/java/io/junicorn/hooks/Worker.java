package io.junicorn.hooks;

/** A worker as a hook sees it, in the master or in the worker itself: read-only. */
public interface Worker {
    /** The worker's process id; 0 in {@link ServerHooks#preFork}, before the process exists. */
    long pid();

    /** Spawn order, 1 for the master's first worker: a higher age is a younger worker (gunicorn's {@code worker.age}). */
    long age();

    /** The generation the worker belongs to: 1 from the start, one more per reload (HUP). */
    int generation();
}
