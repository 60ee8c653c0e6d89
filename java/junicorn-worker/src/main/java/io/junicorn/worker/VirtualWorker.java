package io.junicorn.worker;

import io.junicorn.engine.EngineConfig;
import io.junicorn.engine.Http1Connection;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * One virtual thread per connection, with keep-alive, at most --worker-connections at once (the rest wait
 * in the listen queue, where another worker may take them). A connection upgraded after a 101 (WebSocket) keeps
 * its thread, which becomes the protocol's reader and ends when the connection closes. The accept loop runs on the main, platform,
 * thread and ticks the heartbeat, so --timeout catches a worker whose carriers are all pinned or whose
 * JVM is stalled; a single slow request does not trip it.
 */
public final class VirtualWorker implements WorkerClass {
    private final Map<Http1Connection, Thread> connections = new ConcurrentHashMap<>();
    private final ThreadFactory threads = Thread.ofVirtual().name("junicorn-conn-", 0).factory();
    private final Object slotFreed = new Object();

    @Override
    public Iterable<Thread> requestThreads() {
        return connections.values();
    }

    @Override
    public void serve(WorkerContext context) throws IOException {
        EngineConfig engine = context.engineConfig(true).withConnectionUpgrades(true);
        try (Selector selector = context.openAcceptSelector()) {
            context.onStop(() -> {
                selector.wakeup();
                wakeAcceptor();
            });
            while (!context.stopping()) {
                context.tick();
                if (!waitForFreeSlot(context)) {
                    continue;
                }
                selector.select(context.tickMillis());
                for (SelectionKey key : selector.selectedKeys()) {
                    acceptAvailable((ServerSocketChannel) key.channel(), context, engine);
                }
                selector.selectedKeys().clear();
            }
        }
        if (context.drainsListenQueues()) {
            drainListenQueues(context, engine);
        }
        finishConnections(context);
        context.abortUpgradedConnections();
    }

    private boolean waitForFreeSlot(WorkerContext context) {
        synchronized (slotFreed) {
            if (context.openConnections() < context.workerConnections()) {
                return true;
            }
            try {
                slotFreed.wait(context.tickMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    private void wakeAcceptor() {
        synchronized (slotFreed) {
            slotFreed.notifyAll();
        }
    }

    private void acceptAvailable(ServerSocketChannel listener, WorkerContext context, EngineConfig engine)
            throws IOException {
        while (context.openConnections() < context.workerConnections()) {
            SocketChannel channel = context.accept(listener);
            if (channel == null) {
                return;
            }
            start(channel, context, engine);
        }
    }

    private void start(SocketChannel channel, WorkerContext context, EngineConfig engine) throws IOException {
        channel.configureBlocking(true);
        Http1Connection connection = new Http1Connection(channel, context.handler(), engine, context);
        context.connectionOpened();
        Thread thread = threads.newThread(() -> {
            try {
                connection.run();
            } finally {
                connections.remove(connection);
                context.connectionClosed();
                wakeAcceptor();
            }
        });
        connections.put(connection, thread);
        thread.start();
    }

    /** Connections the kernel queued before the stop began get served, not reset (gunicorn issue 3397). */
    private void drainListenQueues(WorkerContext context, EngineConfig engine) throws IOException {
        for (ServerSocketChannel listener : context.listeners()) {
            SocketChannel channel;
            while (System.nanoTime() < context.stopDeadlineNanos() && (channel = context.accept(listener)) != null) {
                start(channel, context, engine);
            }
        }
    }

    /**
     * Busy connections close after their current response (closeAfterResponse is true while stopping);
     * idle keep-alive ones get {@link Http1Connection#CLOSING_IDLE_MILLIS} to send one more request, answered
     * with Connection: close, before they are closed gracefully; the graceful timeout bounds the wait.
     */
    private void finishConnections(WorkerContext context) {
        while (context.openConnections() > 0) {
            long now = System.nanoTime();
            long left = context.stopDeadlineNanos() - now;
            if (left <= 0) {
                return;
            }
            connections.keySet().forEach(connection -> connection.closeIfDrained(now));
            synchronized (slotFreed) {
                if (context.openConnections() > 0) {
                    try {
                        slotFreed.wait(Math.max(1, Math.min(50, left / 1_000_000L)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
