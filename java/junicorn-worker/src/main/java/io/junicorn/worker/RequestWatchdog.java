package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.engine.AbandonableExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * --request-timeout, for every worker class. Requests register on their own thread as they start and
 * leave as they finish (a map put and remove: no timer per request, no wakeup of another thread); one
 * watchdog thread per worker scans them every tenth of the timeout. A request still running at its
 * deadline is abandoned (503, or its connection cut: see AbandonableExchange), its thread's stack is
 * logged and the thread interrupted. A thread still in the request as long again later ignores
 * interrupts: the worker retires gracefully, so the master replaces it before such threads pile up.
 */
final class RequestWatchdog implements RequestObserver, Runnable {
    private static final Logger log = LoggerFactory.getLogger(RequestWatchdog.class);
    private static final int STATUS = 503;
    /** The least time a thread gets between the interrupt and the verdict "stuck". */
    private static final long MIN_GRACE_MILLIS = 1000;

    private final WorkerContext context;
    private final long timeoutMillis;
    private final long graceMillis;
    private final long scanMillis;
    private final Map<HttpExchange, Running> running = new ConcurrentHashMap<>();

    /** A request in progress. Its mutable fields belong to the watchdog thread. */
    private static final class Running {
        final Thread thread;
        final long deadlineNanos;
        boolean abandoned;
        long stuckAfterNanos;

        Running(Thread thread, long deadlineNanos) {
            this.thread = thread;
            this.deadlineNanos = deadlineNanos;
        }
    }

    RequestWatchdog(WorkerContext context, long timeoutMillis) {
        this.context = context;
        this.timeoutMillis = timeoutMillis;
        this.graceMillis = Math.max(MIN_GRACE_MILLIS, timeoutMillis);
        this.scanMillis = Math.max(10, Math.min(1000, timeoutMillis / 10));
    }

    void start() {
        Thread.ofPlatform().name("junicorn-request-watchdog").daemon(true).start(this);
    }

    @Override
    public void requestStarted(HttpExchange exchange) {
        running.put(exchange, new Running(Thread.currentThread(), System.nanoTime() + timeoutMillis * 1_000_000L));
    }

    @Override
    public void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
        running.remove(exchange);
    }

    @Override
    public void run() {
        while (true) {
            try {
                Thread.sleep(scanMillis);
            } catch (InterruptedException e) {
                log.debug("request watchdog interrupted; ignoring: it runs as long as the worker");
            }
            long now = System.nanoTime();
            running.forEach((exchange, request) -> {
                if (!request.abandoned && now - request.deadlineNanos >= 0) {
                    request.abandoned = true;
                    request.stuckAfterNanos = now + graceMillis * 1_000_000L;
                    expire(exchange, request);
                } else if (request.abandoned && now - request.stuckAfterNanos >= 0 && running.remove(exchange, request)) {
                    stuck(exchange, request);
                }
            });
        }
    }

    private void expire(HttpExchange exchange, Running request) {
        if (!(exchange instanceof AbandonableExchange abandonable)) {
            running.remove(exchange, request); // an exchange the engine cannot take over: nothing to enforce
            return;
        }
        // the stack before the interrupt: where the request was stuck, not where it unwinds
        StackTraceElement[] stack = request.thread.getStackTrace();
        // the answer goes out on a thread of its own: a client that does not read could block the write
        Thread.ofVirtual().name("junicorn-request-timeout").start(() -> {
            AbandonableExchange.Outcome outcome = abandonable.abandon(STATUS);
            if (outcome == AbandonableExchange.Outcome.NOT_RUNNING) {
                running.remove(exchange, request); // the handler returned as the deadline passed
                return;
            }
            log.error("Request timeout: {} {} ran longer than {} ms; {}; interrupted \"{}\" at:{}",
                    exchange.getRequestMethod(), exchange.getRequestURI(), timeoutMillis, describe(outcome),
                    request.thread.getName(), frames(stack));
        });
    }

    private void stuck(HttpExchange exchange, Running request) {
        log.error("Request thread \"{}\" still in {} {} {} ms after it was interrupted; at:{}",
                request.thread.getName(), exchange.getRequestMethod(), exchange.getRequestURI(), graceMillis,
                frames(request.thread.getStackTrace()));
        context.retire("Stuck request thread; retiring");
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
