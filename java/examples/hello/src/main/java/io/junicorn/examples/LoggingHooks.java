package io.junicorn.examples;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.common.settings.Config;
import io.junicorn.hooks.Master;
import io.junicorn.hooks.ServerHooks;
import io.junicorn.hooks.Worker;
import io.junicorn.hooks.WorkerExit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.util.function.Supplier;

/**
 * Server hooks that log one line naming each hook as it runs, {@code hook: NAME} and what it was given, in
 * junicorn's error log (whose lines carry the pid of the process that ran the hook):
 *
 * <pre>
 * dist/bin/junicorn --hooks io.junicorn.examples.LoggingHooks --class-path dist/examples/hello.jar io.junicorn.examples.Hello
 * </pre>
 *
 * The end-to-end tests read these lines to check the hooks' order; keep the {@code hook: NAME} prefix.
 */
public final class LoggingHooks implements ServerHooks {
    private static final Logger log = LoggerFactory.getLogger(LoggingHooks.class);

    @Override
    public void onStarting(Master master) {
        log.info("hook: on_starting (master pid {}, {} workers)", master.pid(), master.numWorkers());
    }

    @Override
    public void onReload(Master master) {
        log.info("hook: on_reload ({} workers)", master.numWorkers());
    }

    @Override
    public void whenReady(Master master) {
        log.info("hook: when_ready");
    }

    @Override
    public void preFork(Master master, Worker worker) {
        log.info("hook: pre_fork (worker {})", describe(worker));
    }

    @Override
    public void postFork(Worker worker) {
        log.info("hook: post_fork (worker {})", describe(worker));
    }

    @Override
    public void postWorkerInit(Worker worker) {
        log.info("hook: post_worker_init (worker {})", describe(worker));
    }

    @Override
    public void workerInt(Worker worker) {
        log.info("hook: worker_int (worker {})", describe(worker));
    }

    @Override
    public void workerAbort(Worker worker) {
        log.info("hook: worker_abort (worker {})", describe(worker));
    }

    @Override
    public void preExec(Master master) {
        log.info("hook: pre_exec");
    }

    @Override
    public void preRequest(Worker worker, HttpExchange exchange) {
        log.info("hook: pre_request ({} {})", exchange.getRequestMethod(), exchange.getRequestURI());
    }

    @Override
    public void postRequest(Worker worker, HttpExchange exchange) {
        log.info("hook: post_request ({} {} -> {})", exchange.getRequestMethod(), exchange.getRequestURI(),
                exchange.getResponseCode());
    }

    @Override
    public void childExit(Master master, Worker worker, WorkerExit exit) {
        log.info("hook: child_exit (worker {}, {})", describe(worker),
                exit.signaled() ? "signal " + exit.signal() : "exit " + exit.code());
    }

    @Override
    public void workerExit(Worker worker) {
        log.info("hook: worker_exit (worker {})", describe(worker));
    }

    @Override
    public void nworkersChanged(Master master, int newValue, int oldValue) {
        log.info("hook: nworkers_changed ({} -> {})", oldValue, newValue);
    }

    @Override
    public void onExit(Master master) {
        log.info("hook: on_exit");
    }

    @Override
    public SSLContext sslContext(Config settings, Supplier<SSLContext> defaultContext) {
        log.info("hook: ssl_context");
        return defaultContext.get();
    }

    private static String describe(Worker worker) {
        return "pid:" + worker.pid() + " age:" + worker.age() + " generation:" + worker.generation();
    }
}
