package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.common.hooks.GuardedHooks;
import io.junicorn.common.hooks.HooksClass;
import io.junicorn.common.hooks.WorkerView;
import io.junicorn.common.settings.Registry;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This worker's instance of the {@code hooks} class and the worker's side of each hook. The class comes from
 * the application's class loader, as in the master, so hooks see what the application sees. The boot hooks fail
 * the boot, as in gunicorn; every other hook's failure is logged and ignored.
 */
final class WorkerHooks implements RequestObserver {
    private final GuardedHooks hooks;
    private final WorkerView self;
    private final AtomicBoolean exitRun = new AtomicBoolean();

    private WorkerHooks(GuardedHooks hooks, WorkerView self) {
        this.hooks = hooks;
        this.self = self;
    }

    /** @throws io.junicorn.common.settings.SettingsException when the class cannot be loaded or instantiated */
    static WorkerHooks load(WorkerConfig config, ClassLoader appLoader) {
        return new WorkerHooks(new GuardedHooks(HooksClass.instantiate(config.settings().string(Registry.HOOKS_CLASS),
                appLoader, "the class path " + config.classPath().stream().map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(":")))),
                new WorkerView(ProcessHandle.current().pid(), config.age(), config.generation()));
    }

    /** @throws BootHookFailed when the hook throws: the worker cannot boot */
    void postFork() throws BootHookFailed {
        bootHook("post_fork", () -> hooks.unguarded().postFork(self));
    }

    /** @throws BootHookFailed when the hook throws: the worker cannot boot */
    void postWorkerInit() throws BootHookFailed {
        bootHook("post_worker_init", () -> hooks.unguarded().postWorkerInit(self));
    }

    /**
     * The TLS context of this worker's listeners: the ssl_context hook's answer, given junicorn's default built
     * from {@code tls}. A hook that throws fails the boot: no listener falls back to another context.
     */
    javax.net.ssl.SSLContext sslContext(io.junicorn.common.tls.ServerTls tls, io.junicorn.common.settings.Config settings)
            throws BootHookFailed {
        javax.net.ssl.SSLContext[] context = new javax.net.ssl.SSLContext[1];
        bootHook("ssl_context", () -> context[0] = hooks.unguarded().sslContext(settings, tls::context));
        if (context[0] == null) {
            throw new BootHookFailed("hook ssl_context (" + hooks.unguarded().getClass().getName()
                    + ") returned no context", null);
        }
        return context[0];
    }

    void workerInt() {
        hooks.workerInt(self);
    }

    void workerAbort() {
        hooks.workerAbort(self);
    }

    /** Runs worker_exit once, whichever of the exits (main thread, signal thread) comes first. */
    void workerExit() {
        if (exitRun.compareAndSet(false, true)) {
            hooks.workerExit(self);
        }
    }

    @Override
    public void requestStarted(HttpExchange exchange) {
        hooks.preRequest(self, exchange);
    }

    @Override
    public void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
        hooks.postRequest(self, exchange);
    }

    private void bootHook(String name, Runnable call) throws BootHookFailed {
        try {
            call.run();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            throw new BootHookFailed("hook " + name + " (" + hooks.unguarded().getClass().getName() + ") failed: " + e, e);
        }
    }

    static final class BootHookFailed extends Exception {
        BootHookFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
