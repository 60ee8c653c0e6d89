package io.junicorn.worker;

import java.io.IOException;

/**
 * A way of serving connections, as gunicorn's worker classes are: {@code sync}, {@code gthread}, {@code virtual}, or any
 * public class with a no-arg constructor implementing this interface, named by {@code --worker-class}.
 *
 * <p>{@link #serve} runs on the worker's main thread. It accepts on {@link WorkerContext#listeners()},
 * calls {@link WorkerContext#tick()} at least every {@link WorkerContext#tickMillis()} while it can
 * still accept (the master kills a worker whose tick is older than --timeout), and returns once
 * {@link WorkerContext#stopping()} is true and it has served what it accepted, including connections
 * still queued on the listeners when the stop began.
 */
public interface WorkerClass {
    void serve(WorkerContext context) throws IOException;

    /** Threads serving requests now, besides the main thread, for the stack dump a timeout asks for. */
    default Iterable<Thread> requestThreads() {
        return java.util.List.of();
    }
}
