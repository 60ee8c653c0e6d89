package io.junicorn.servlet;

import io.junicorn.worker.jdkhttp.WorkerServers;

/**
 * What only a worker has; a class of its own, so that junicorn's worker classes are loaded only in a worker and the
 * standalone server runs without junicorn-worker on the class path.
 */
final class WorkerHosting {
    private WorkerHosting() {
    }

    static void onGracefulStop(Runnable action) {
        WorkerServers.get().onGracefulStop(action);
    }
}
