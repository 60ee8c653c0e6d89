package io.junicorn.worker.nio;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.common.settings.Registry;
import io.junicorn.engine.EngineConfig;
import io.junicorn.worker.LoopRouting;
import io.junicorn.worker.WorkerClass;
import io.junicorn.worker.WorkerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * The event-loop worker ({@code -k nio}): {@link EventLoop}s, one per processor across the workers, each a platform
 * thread with its own selector that accepts on the shared listeners and owns its connections for their
 * whole life. Loops do all waiting for bytes: idle keep-alive connections and clients sending a head
 * slowly cost a selector key and the connection's buffers, no thread. A complete request that the
 * application answers without blocking ({@code io.junicorn.app.NonBlockingHandler}, asked through
 * {@link LoopRouting}) runs on the loop itself; any other runs on a new virtual thread, which returns the
 * connection to its loop after the response and after any pipelined requests whose heads are already
 * buffered, so answers stay in order. A connection upgraded after a 101 leaves the loop's HTTP for good: a virtual
 * thread reads for its protocol, parking on the loop's readiness as request threads do.
 *
 * <p>The main thread ticks the heartbeat while every loop keeps turning (so --timeout catches a stalled
 * loop, not a slow request), and on a graceful stop serves what waits in the listen queues, then waits
 * for the loops to finish their connections within --graceful-timeout. At most --worker-connections are
 * open across the loops.
 */
public final class NioWorker implements WorkerClass {
    private static final Logger log = LoggerFactory.getLogger(NioWorker.class);

    private final Map<LoopConnection, Thread> requests = new ConcurrentHashMap<>();
    private final ThreadFactory requestThreads = Thread.ofVirtual().name("junicorn-request-", 0).factory();
    private final ThreadFactory upgradedThreads = Thread.ofVirtual().name("junicorn-upgraded-", 0).factory();
    private final List<EventLoop> loops = new ArrayList<>();
    /** The stall each loop was last reported for (its lastTurnNanos then); on the main thread only. */
    private final Map<EventLoop, Long> reportedStall = new HashMap<>();
    private final Object stopped = new Object();
    private WorkerContext context;
    /** Which requests may run on the loops, and how they start; null when none may. */
    private LoopRouting loopRouting;
    private volatile boolean drained;

    @Override
    public Iterable<Thread> requestThreads() {
        return requests.values();
    }

    /**
     * How many loops a worker runs: the processors the JVM may use shared among the workers, at least one.
     * More loops than processors across the workers only adds context switches (measured: 0.25 against 0.06
     * per request with 2 loops in each of 2 workers on 2 processors, and 20% fewer requests per second).
     */
    static int loopCount(int processors, int workers) {
        return Math.max(1, processors / Math.max(1, workers));
    }

    @Override
    public void serve(WorkerContext context) throws IOException {
        this.context = context;
        if (context.handler() instanceof LoopRouting routing && !context.abandonsRequests()) {
            loopRouting = routing;
        }
        EngineConfig engine = context.engineConfig(true).withConnectionUpgrades(true);
        List<Thread> threads = new ArrayList<>();
        try {
            int count = loopCount(Runtime.getRuntime().availableProcessors(),
                    context.settings().integer(Registry.WORKERS_COUNT));
            for (int i = 0; i < count; i++) {
                EventLoop loop = new EventLoop(this, context, engine);
                loops.add(loop);
                threads.add(Thread.ofPlatform().name("junicorn-loop-" + i).start(loop));
            }
        } catch (IOException | RuntimeException e) {
            drained = true;
            loops.forEach(EventLoop::wakeup);
            throw e;
        }
        context.onStop(() -> {
            loops.forEach(EventLoop::wakeup);
            synchronized (stopped) {
                stopped.notifyAll();
            }
        });
        superviseUntilStop(threads);
        if (context.drainsListenQueues()) {
            drainListenQueues();
        }
        drained = true;
        loops.forEach(EventLoop::wakeup);
        for (Thread thread : threads) {
            long left = context.stopDeadlineNanos() - System.nanoTime();
            try {
                thread.join(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        context.abortUpgradedConnections(); // the loops aborted their channels; this ends the sessions' waits too
    }

    /** Ticks the heartbeat while every loop turns; returns when the worker stops or a loop died. */
    private void superviseUntilStop(List<Thread> threads) {
        long stale = context.tickMillis() * 3_000_000L;
        while (!context.stopping()) {
            long now = System.nanoTime();
            boolean turning = threads.stream().allMatch(Thread::isAlive);
            for (int i = 0; i < loops.size(); i++) {
                boolean turns = now - loops.get(i).lastTurnNanos() < stale;
                if (!turns) {
                    reportStall(loops.get(i), threads.get(i), now);
                }
                turning &= turns;
            }
            if (turning) {
                context.tick();
            }
            synchronized (stopped) {
                if (!context.stopping()) {
                    try {
                        stopped.wait(Math.max(1, context.tickMillis() / 2));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /**
     * Says once per stall where a loop that stopped turning is: a handler that promised not to block
     * (NonBlockingHandler) and does is the likely cause, and its stack names it before --timeout ends the worker.
     */
    private void reportStall(EventLoop loop, Thread thread, long now) {
        long since = loop.lastTurnNanos();
        if (since == reportedStall.getOrDefault(loop, 0L) || !thread.isAlive()) {
            return;
        }
        reportedStall.put(loop, since);
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement frame : thread.getStackTrace()) {
            stack.append("\n\tat ").append(frame);
        }
        log.warn("Event loop {} has not come back for {} ms, so the worker's heartbeat stops until it does; "
                + "a request on it blocks (a NonBlockingHandler that waits?). It is at:{}",
                thread.getName(), (now - since) / 1_000_000L, stack);
    }

    /** Connections the kernel queued before the stop began get served, not reset (gunicorn issue 3397). */
    private void drainListenQueues() {
        int next = 0;
        for (ServerSocketChannel listener : context.listeners()) {
            while (System.nanoTime() - context.stopDeadlineNanos() < 0) {
                SocketChannel channel = context.accept(listener);
                if (channel == null) {
                    break;
                }
                context.connectionOpened();
                EventLoop loop = loops.get(next++ % loops.size());
                loop.execute(() -> loop.adopt(channel));
            }
        }
    }

    boolean drained() {
        return drained;
    }

    /**
     * How {@code c}'s ready request starts on its loop, or null when it runs on a virtual thread: it runs on
     * the loop when the application said it answers it without blocking, it waits for no input, and no
     * request timeout may have to interrupt its thread.
     */
    Function<HttpExchange, CompletionStage<?>> startOnLoop(LoopConnection c) {
        if (loopRouting == null || !c.http.readyNeedsNoInput()) {
            return null;
        }
        return loopRouting.onLoop(c.http.readyMethod(), c.http.readyUri());
    }

    /** Serves {@code c}'s ready request, and the pipelined ones after it, on a new virtual thread. */
    void runRequest(LoopConnection c, EventLoop loop) {
        Thread thread = requestThreads.newThread(() -> {
            boolean open = false;
            try {
                open = c.http.serveAvailable();
            } finally {
                requests.remove(c);
                boolean stillOpen = open;
                loop.execute(() -> loop.served(c, stillOpen));
            }
        });
        requests.put(c, thread);
        thread.start();
    }

    /**
     * Serves {@code c}, which switched to HTTP/2 (ALPN h2 or the h2c preface), on a virtual thread that reads its
     * frames for the connection's life; each stream's request runs on a virtual thread of its own.
     */
    void serveHttp2(LoopConnection c, EventLoop loop) {
        Thread thread = requestThreads.newThread(() -> {
            try {
                c.http.serveHttp2();
            } finally {
                requests.remove(c);
                loop.execute(() -> loop.served(c, false));
            }
        });
        requests.put(c, thread);
        thread.start();
    }

    /**
     * Serves {@code c}, upgraded after a 101 (WebSocket, a Servlet HttpUpgradeHandler), on a virtual thread that is
     * the protocol's reader for the connection's life: its reads park until the loop sees the channel readable,
     * as a request's do, so an idle session holds a selector key and no thread of the platform.
     */
    void serveUpgraded(LoopConnection c, EventLoop loop) {
        Thread thread = upgradedThreads.newThread(() -> {
            try {
                c.http.serveUpgraded();
            } finally {
                requests.remove(c);
                loop.execute(() -> loop.served(c, false));
            }
        });
        requests.put(c, thread);
        thread.start();
    }

    /** A connection closed: loops that stopped accepting at the cap may accept again. */
    void connectionClosed() {
        if (context.openConnections() == context.workerConnections() - 1) {
            loops.forEach(EventLoop::wakeup);
        }
    }
}
