package io.junicorn.examples;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.hooks.Settings;
import io.junicorn.hooks.Master;
import io.junicorn.hooks.ServerHooks;
import io.junicorn.hooks.Worker;
import io.junicorn.hooks.WorkerExit;

import javax.net.ssl.SSLContext;
import java.util.function.Supplier;

/**
 * Server hooks that log one line naming each hook as it runs, {@code hook: NAME} and what it was given, in
 * junicorn's error log (whose lines carry the pid of the process that ran the hook). They log through the JDK's
 * {@code System.Logger}, which junicorn routes into its error log; junicorn's own SLF4J is not theirs to see:
 *
 * <pre>
 * dist/bin/junicorn --hooks io.junicorn.examples.LoggingHooks --class-path dist/examples/hello.jar io.junicorn.examples.Hello
 * </pre>
 *
 * The end-to-end tests read these lines to check the hooks' order; keep the {@code hook: NAME} prefix.
 */
public final class LoggingHooks implements ServerHooks {
    private static final System.Logger log = System.getLogger(LoggingHooks.class.getName());

    @Override
    public void onStarting(Master master) {
        info("hook: on_starting (master pid %s, %s workers)", master.pid(), master.numWorkers());
    }

    @Override
    public void onReload(Master master) {
        info("hook: on_reload (%s workers)", master.numWorkers());
    }

    @Override
    public void whenReady(Master master) {
        info("hook: when_ready");
    }

    @Override
    public void preFork(Master master, Worker worker) {
        info("hook: pre_fork (worker %s)", describe(worker));
    }

    @Override
    public void postFork(Worker worker) {
        info("hook: post_fork (worker %s)", describe(worker));
    }

    @Override
    public void postWorkerInit(Worker worker) {
        info("hook: post_worker_init (worker %s)", describe(worker));
    }

    @Override
    public void workerInt(Worker worker) {
        info("hook: worker_int (worker %s)", describe(worker));
    }

    @Override
    public void workerAbort(Worker worker) {
        info("hook: worker_abort (worker %s)", describe(worker));
    }

    @Override
    public void preExec(Master master) {
        info("hook: pre_exec");
    }

    @Override
    public void preRequest(Worker worker, HttpExchange exchange) {
        info("hook: pre_request (%s %s)", exchange.getRequestMethod(), exchange.getRequestURI());
    }

    @Override
    public void postRequest(Worker worker, HttpExchange exchange) {
        info("hook: post_request (%s %s -> %s)", exchange.getRequestMethod(), exchange.getRequestURI(),
                exchange.getResponseCode());
    }

    @Override
    public void childExit(Master master, Worker worker, WorkerExit exit) {
        info("hook: child_exit (worker %s, %s)", describe(worker),
                exit.signaled() ? "signal " + exit.signal() : "exit " + exit.code());
    }

    @Override
    public void workerExit(Worker worker) {
        info("hook: worker_exit (worker %s)", describe(worker));
    }

    @Override
    public void nworkersChanged(Master master, int newValue, int oldValue) {
        info("hook: nworkers_changed (%s -> %s)", oldValue, newValue);
    }

    @Override
    public void onExit(Master master) {
        info("hook: on_exit");
    }

    @Override
    public SSLContext sslContext(Settings settings, Supplier<SSLContext> defaultContext) {
        info("hook: ssl_context");
        return defaultContext.get();
    }

    private static void info(String format, Object... arguments) {
        log.log(System.Logger.Level.INFO, String.format(format, arguments));
    }

    private static String describe(Worker worker) {
        return "pid:" + worker.pid() + " age:" + worker.age() + " generation:" + worker.generation();
    }
}
