package io.junicorn.common.hooks;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.hooks.Settings;
import io.junicorn.hooks.Master;
import io.junicorn.hooks.ServerHooks;
import io.junicorn.hooks.Worker;
import io.junicorn.hooks.WorkerExit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.util.function.Supplier;

/**
 * The user's hooks as junicorn calls them: whatever a hook throws is logged with the hook's gunicorn name and
 * the class, and goes no further, so a hook never takes down the master or fails a request. Owns the class
 * loader the hooks came from, if any, and closes it when replaced.
 */
public final class GuardedHooks implements ServerHooks, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GuardedHooks.class);

    private final ServerHooks hooks;
    private final AutoCloseable loader;

    /** @param loader closed by {@link #close}, once these hooks are no longer called; null if there is none */
    public GuardedHooks(ServerHooks hooks, AutoCloseable loader) {
        this.hooks = hooks;
        this.loader = loader;
    }

    public GuardedHooks(ServerHooks hooks) {
        this(hooks, null);
    }

    /** The user's hooks without the guard, for the worker's boot hooks, whose failure must fail the boot. */
    public ServerHooks unguarded() {
        return hooks;
    }

    /**
     * Runs a hook with the hooks' own loader as the thread's context class loader, as an application's code runs
     * in a worker: in the master the arbiter's thread otherwise has junicorn's.
     */
    private void guard(String hook, Runnable call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(hooks.getClass().getClassLoader());
        try {
            call.run();
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            // Anything else (OutOfMemoryError, InternalError) means this JVM can no longer be trusted.
            log.error("Hook {} ({}) failed: {}", hook, hooks.getClass().getName(), e.toString(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void onStarting(Master master) {
        guard("on_starting", () -> hooks.onStarting(master));
    }

    @Override
    public void onReload(Master master) {
        guard("on_reload", () -> hooks.onReload(master));
    }

    @Override
    public void whenReady(Master master) {
        guard("when_ready", () -> hooks.whenReady(master));
    }

    @Override
    public void preFork(Master master, Worker worker) {
        guard("pre_fork", () -> hooks.preFork(master, worker));
    }

    @Override
    public void postFork(Worker worker) {
        guard("post_fork", () -> hooks.postFork(worker));
    }

    @Override
    public void postWorkerInit(Worker worker) {
        guard("post_worker_init", () -> hooks.postWorkerInit(worker));
    }

    @Override
    public void workerInt(Worker worker) {
        guard("worker_int", () -> hooks.workerInt(worker));
    }

    @Override
    public void workerAbort(Worker worker) {
        guard("worker_abort", () -> hooks.workerAbort(worker));
    }

    @Override
    public void preExec(Master master) {
        guard("pre_exec", () -> hooks.preExec(master));
    }

    @Override
    public void preRequest(Worker worker, HttpExchange exchange) {
        guard("pre_request", () -> hooks.preRequest(worker, exchange));
    }

    @Override
    public void postRequest(Worker worker, HttpExchange exchange) {
        guard("post_request", () -> hooks.postRequest(worker, exchange));
    }

    @Override
    public void childExit(Master master, Worker worker, WorkerExit exit) {
        guard("child_exit", () -> hooks.childExit(master, worker, exit));
    }

    @Override
    public void workerExit(Worker worker) {
        guard("worker_exit", () -> hooks.workerExit(worker));
    }

    @Override
    public void nworkersChanged(Master master, int newValue, int oldValue) {
        guard("nworkers_changed", () -> hooks.nworkersChanged(master, newValue, oldValue));
    }

    @Override
    public void onExit(Master master) {
        guard("on_exit", () -> hooks.onExit(master));
    }

    /** Not guarded: a listener whose TLS context cannot be built must fail, not fall back to another context. */
    @Override
    public SSLContext sslContext(Settings settings, Supplier<SSLContext> defaultContext) {
        return hooks.sslContext(settings, defaultContext);
    }

    @Override
    public void close() {
        if (loader != null) {
            try {
                loader.close();
            } catch (Exception e) {
                log.warn("closing the class loader of the hooks {} failed: {}", hooks.getClass().getName(), e.toString());
            }
        }
    }
}
