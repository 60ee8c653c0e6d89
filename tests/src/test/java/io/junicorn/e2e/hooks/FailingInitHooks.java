package io.junicorn.e2e.hooks;

import io.junicorn.hooks.ServerHooks;
import io.junicorn.hooks.Worker;

/** A post_worker_init that throws: as in gunicorn, the worker cannot boot. Compiled by HookFailureTest. */
public final class FailingInitHooks implements ServerHooks {
    @Override
    public void postWorkerInit(Worker worker) {
        throw new IllegalStateException("FailingInitHooks: no connection pool");
    }
}
