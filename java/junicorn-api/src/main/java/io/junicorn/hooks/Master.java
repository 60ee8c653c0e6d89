package io.junicorn.hooks;

/** The master as a hook sees it: read-only, a snapshot taken when the hook is called. */
public interface Master {
    /** The master's process id. */
    long pid();

    /** The settings in force (after a reload, the new ones). */
    Settings settings();

    /** How many workers the master keeps running (gunicorn's {@code num_workers}). */
    int numWorkers();
}
