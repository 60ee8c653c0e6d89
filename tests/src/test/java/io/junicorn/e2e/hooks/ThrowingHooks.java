package io.junicorn.e2e.hooks;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.hooks.Master;
import io.junicorn.hooks.ServerHooks;
import io.junicorn.hooks.Worker;
import io.junicorn.hooks.WorkerExit;

/**
 * Hooks that throw wherever a failure must be logged and go no further: in the master, and in a worker
 * around requests and at exit. Compiled by HookFailureTest against dist's junicorn-common.jar, which the tests
 * module does not depend on.
 */
public final class ThrowingHooks implements ServerHooks {
    private static void fail(String hook) {
        throw new IllegalStateException("ThrowingHooks threw in " + hook);
    }

    @Override
    public void onStarting(Master master) {
        fail("on_starting");
    }

    @Override
    public void nworkersChanged(Master master, int newValue, int oldValue) {
        fail("nworkers_changed");
    }

    @Override
    public void whenReady(Master master) {
        fail("when_ready");
    }

    @Override
    public void preFork(Master master, Worker worker) {
        fail("pre_fork");
    }

    @Override
    public void preRequest(Worker worker, HttpExchange exchange) {
        fail("pre_request");
    }

    @Override
    public void postRequest(Worker worker, HttpExchange exchange) {
        fail("post_request");
    }

    @Override
    public void childExit(Master master, Worker worker, WorkerExit exit) {
        fail("child_exit");
    }

    @Override
    public void onReload(Master master) {
        fail("on_reload");
    }

    @Override
    public void workerExit(Worker worker) {
        fail("worker_exit");
    }

    @Override
    public void onExit(Master master) {
        fail("on_exit");
    }
}
