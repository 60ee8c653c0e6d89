package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.engine.AbandonableExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * --request-timeout, for every worker class: one scheduler thread per worker holds a deadline per running
 * request. A request still running at its deadline is abandoned (503, or its connection cut: see
 * AbandonableExchange), its thread's stack is logged and the thread interrupted; if the thread is still in
 * the request as long again later, it ignores interrupts, and the worker retires gracefully so the master
 * replaces it before such threads pile up.
 */
final class RequestWatchdog implements RequestObserver {
    private static final Logger log = LoggerFactory.getLogger(RequestWatchdog.class);
    private static final int STATUS = 503;
    /** The least time a thread gets between the interrupt and the verdict "stuck". */
    private static final long MIN_GRACE_MILLIS = 1000;

    private final WorkerContext context;
    private final long timeoutMillis;
    private final Map<HttpExchange, Running> running = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;

    private record Running(Thread thread, long startedNanos, ScheduledFuture<?> expiry) {
    }

    RequestWatchdog(WorkerContext context, long timeoutMillis) {
        this.context = context;
        this.timeoutMillis = timeoutMillis;
        this.scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("junicorn-request-watchdog").daemon(true).factory());
        // a request that finishes in time cancels its expiry: it must not stay queued until the deadline
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void requestStarted(HttpExchange exchange) {
        ScheduledFuture<?> expiry = scheduler.schedule(() -> expire(exchange), timeoutMillis, TimeUnit.MILLISECONDS);
        running.put(exchange, new Running(Thread.currentThread(), System.nanoTime(), expiry));
    }

    @Override
    public void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
        Running request = running.remove(exchange);
        if (request != null) {
            request.expiry().cancel(false);
        }
    }

    private void expire(HttpExchange exchange) {
        Running request = running.get(exchange);
        if (request == null || !(exchange instanceof AbandonableExchange abandonable)) {
            return;
        }
        // the stack before the interrupt: where the request was stuck, not where it unwinds
        StackTraceElement[] stack = request.thread().getStackTrace();
        // the answer goes out on a thread of its own: a client that does not read could block the write
        Thread.ofVirtual().name("junicorn-request-timeout").start(() -> {
            AbandonableExchange.Outcome outcome = abandonable.abandon(STATUS);
            if (outcome == AbandonableExchange.Outcome.NOT_RUNNING) {
                return; // the handler returned as the deadline passed
            }
            log.error("Request timeout: {} {} ran longer than {} ms; {}; interrupted \"{}\" at:{}",
                    exchange.getRequestMethod(), exchange.getRequestURI(), timeoutMillis, describe(outcome),
                    request.thread().getName(), frames(stack));
            scheduler.schedule(() -> checkStuck(exchange, request), Math.max(MIN_GRACE_MILLIS, timeoutMillis),
                    TimeUnit.MILLISECONDS);
        });
    }

    private void checkStuck(HttpExchange exchange, Running request) {
        if (running.get(exchange) != request) {
            return;
        }
        log.error("Request thread \"{}\" still in {} {} {} ms after it was interrupted; at:{}",
                request.thread().getName(), exchange.getRequestMethod(), exchange.getRequestURI(),
                Math.max(MIN_GRACE_MILLIS, timeoutMillis), frames(request.thread().getStackTrace()));
        context.beginGracefulStop("Stuck request thread; retiring");
    }

    private static String describe(AbandonableExchange.Outcome outcome) {
        return switch (outcome) {
            case ANSWERED -> "answered " + STATUS;
            case CUT -> "response had begun, connection closed";
            case COMPLETE -> "response was complete";
            case NOT_RUNNING -> "handler had returned";
        };
    }

    private static String frames(StackTraceElement[] stack) {
        StringBuilder text = new StringBuilder(1024);
        for (StackTraceElement frame : stack) {
            text.append("\n\tat ").append(frame);
        }
        return text.toString();
    }
}
