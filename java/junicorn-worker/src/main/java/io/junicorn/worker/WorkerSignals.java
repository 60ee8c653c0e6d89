package io.junicorn.worker;

import io.junicorn.common.ErrorLog;
import io.junicorn.common.ExitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's signal thread. The launcher blocked the signals in every thread before the JVM existed and
 * reads them from a signalfd; here they become actions, one at a time, between whatever the app is doing.
 * The same loop notices a changed parent (the master is gone) within a tick.
 */
final class WorkerSignals implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(WorkerSignals.class);

    static final int SIGHUP = 1;
    static final int SIGINT = 2;
    static final int SIGQUIT = 3;
    static final int SIGABRT = 6;
    static final int SIGUSR1 = 10;
    static final int SIGUSR2 = 12;
    static final int SIGTERM = 15;

    private final WorkerContext context;
    private final WorkerClass workerClass;
    private final WorkerHooks hooks;
    private final int parentPid;

    WorkerSignals(WorkerContext context, WorkerClass workerClass, WorkerHooks hooks, int parentPid) {
        this.context = context;
        this.workerClass = workerClass;
        this.hooks = hooks;
        this.parentPid = parentPid;
    }

    void start() {
        Thread thread = Thread.ofPlatform().name("junicorn-signals").daemon(true).unstarted(this);
        thread.start();
    }

    @Override
    public void run() {
        while (true) {
            int signal = WorkerNatives.waitSignal((int) Math.min(1000, context.tickMillis()));
            if (signal < 0) {
                log.error("reading signals failed (errno {}); stopping", -signal);
                context.beginGracefulStop("Worker cannot read signals, shutting down");
            } else if (signal > 0) {
                handle(signal);
            }
            if (WorkerNatives.parentPid() != parentPid) {
                context.beginGracefulStop("Parent changed, shutting down");
            }
            if (context.stopping() && System.nanoTime() - context.stopDeadlineNanos() > 0) {
                log.warn("Graceful timeout reached with {} connections open, exiting", context.openConnections());
                hooks.workerExit();
                halt(ExitStatus.OK);
            }
        }
    }

    private void handle(int signal) {
        switch (signal) {
            case SIGTERM -> context.beginGracefulStop("Worker got TERM, finishing in-flight requests");
            case SIGINT, SIGQUIT -> {
                log.info("Worker got {}, exiting now", signal == SIGINT ? "INT" : "QUIT");
                hooks.workerInt();
                hooks.workerExit();
                halt(ExitStatus.OK);
            }
            case SIGUSR1 -> ErrorLog.reopen();
            case SIGUSR2 -> context.callToServe();
            case SIGABRT -> {
                log.error("Worker timed out (pid:{}); stacks of its threads:{}",
                        ProcessHandle.current().pid(), ThreadDump.of(workerClass.requestThreads()));
                hooks.workerAbort();
                hooks.workerExit();
                halt(ExitStatus.ABORTED);
            }
            default -> log.debug("Ignoring signal {}", signal);
        }
    }

    /** Exits without running the app's shutdown hooks, which may be what is stuck. */
    static void halt(int status) {
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }
}
