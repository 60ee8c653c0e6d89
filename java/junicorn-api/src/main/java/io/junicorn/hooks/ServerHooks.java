package io.junicorn.hooks;

import com.sun.net.httpserver.HttpExchange;

import javax.net.ssl.SSLContext;
import java.util.function.Supplier;

/**
 * gunicorn's server hooks, for junicorn. Name a public class with a public no-arg constructor that implements
 * this interface with {@code --hooks CLASS} (setting {@code hooks}) and put it on {@code --class-path}; override
 * the methods you need, the others do nothing.
 *
 * <p>Each hook runs in the process where gunicorn runs it. The master and every worker are separate JVMs with
 * their own instance of the class (the master loads it from {@code --class-path}, each worker from its class
 * path), so fields are never shared between processes. A reload (HUP) loads the class again in the master,
 * so new code in it is picked up; a class that then cannot be loaded fails the reload, which keeps the running
 * settings and hooks. At start, a class that cannot be loaded or instantiated is a configuration error (exit 1).
 *
 * <p>Whatever a hook throws is logged with the hook's name and otherwise ignored: a hook never takes down the
 * master. In a worker the same holds, except for {@link #postFork} and {@link #postWorkerInit}: as in gunicorn,
 * a failure there is the worker's boot failure (exit 3, which halts the master, or rolls a reload back).
 *
 * <p>The JVM cannot fork, so junicorn starts each worker as a fresh process: {@code pre_fork} runs in the master
 * before it spawns a worker, {@code post_fork} in the new worker as soon as its JVM runs junicorn's code. Hooks
 * run on the master's loop or on the worker's threads: keep them short.
 */
public interface ServerHooks {

    /** Master: first thing at start, before the listeners are bound (gunicorn's {@code on_starting}). */
    default void onStarting(Master master) {
    }

    /**
     * Master: on a reload (HUP), after the settings were re-read and any changed listener bound, before the new
     * generation of workers is spawned (gunicorn's {@code on_reload}). Runs on the hooks instance the reload loaded.
     */
    default void onReload(Master master) {
    }

    /**
     * Master: at start, once the listeners are bound, before the first worker is spawned (gunicorn's
     * {@code when_ready}). Connections made from here on wait in the listen queue until a worker is ready.
     */
    default void whenReady(Master master) {
    }

    /** Master: just before it spawns a worker, whose {@code pid()} is still 0 (gunicorn's {@code pre_fork}). */
    default void preFork(Master master, Worker worker) {
    }

    /**
     * Worker: as soon as its JVM runs junicorn's code, before it adopts the listeners and loads the application
     * (gunicorn's {@code post_fork}). Throwing here fails the worker's boot (exit 3).
     */
    default void postFork(Worker worker) {
    }

    /**
     * Worker: after the application was loaded, before the worker reports ready and serves
     * (gunicorn's {@code post_worker_init}). Throwing here fails the worker's boot (exit 3).
     */
    default void postWorkerInit(Worker worker) {
    }

    /** Worker: on INT or QUIT (a quick stop), before it exits without finishing its requests (gunicorn's {@code worker_int}). */
    default void workerInt(Worker worker) {
    }

    /**
     * Worker: on ABRT, which the master sends when the worker missed its {@code --timeout}, after the stacks of
     * its threads were logged and before it exits 6 (gunicorn's {@code worker_abort}).
     */
    default void workerAbort(Worker worker) {
    }

    /**
     * Master (the old one): on USR2, after the pidfile moved to PIDFILE.oldbin, just before the new master is
     * started (gunicorn's {@code pre_exec}).
     */
    default void preExec(Master master) {
    }

    /** Worker: on the request's thread, after the request head was parsed, before the application runs. */
    default void preRequest(Worker worker, HttpExchange exchange) {
    }

    /**
     * Worker: on the request's thread, after the response was sent or the request failed;
     * {@code exchange.getResponseCode()} is -1 when no response was sent.
     */
    default void postRequest(Worker worker, HttpExchange exchange) {
    }

    /** Master: after it reaped a worker, except the one whose boot failure halts the server (gunicorn's {@code child_exit}). */
    default void childExit(Master master, Worker worker, WorkerExit exit) {
    }

    /**
     * Worker: once, just before a worker that booted exits: after a graceful stop (TERM, max-requests, a reload
     * retiring it, the master gone), after {@link #workerInt} or {@link #workerAbort}, or when the graceful
     * timeout cuts a stop short (gunicorn's {@code worker_exit}). Not run when the worker failed to boot, nor
     * when it is killed.
     */
    default void workerExit(Worker worker) {
    }

    /**
     * Master: whenever the number of workers to keep changes: at start (from 0), TTIN, TTOU, the control socket, a
     * reload that changes {@code workers} (gunicorn's {@code nworkers_changed}).
     */
    default void nworkersChanged(Master master, int newValue, int oldValue) {
    }

    /**
     * Master: last thing before it exits, after its workers stopped (gunicorn's {@code on_exit}). Not run when
     * the master could not bind its listeners.
     */
    default void onExit(Master master) {
    }

    /**
     * Worker: once as it boots, when certfile is set, after {@link #postFork} and before the application loads:
     * given the settings and junicorn's default context (certfile's chain and keyfile's key; ca_certs as the
     * CAs client certificates must chain to), return the context every TLS connection of this worker uses
     * (gunicorn's {@code ssl_context}). The supplier builds a new context each call. Protocols (tls_protocols),
     * cipher suites (ciphers), client authentication (cert_reqs) and ALPN (http/1.1) are then set on each
     * connection's engine, whatever the context. A hook that throws or returns null fails the worker's boot.
     */
    default SSLContext sslContext(Settings settings, Supplier<SSLContext> defaultContext) {
        return defaultContext.get();
    }
}
