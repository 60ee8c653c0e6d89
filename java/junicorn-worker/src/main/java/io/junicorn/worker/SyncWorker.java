package io.junicorn.worker;

import io.junicorn.engine.EngineConfig;
import io.junicorn.engine.Http1Connection;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * gunicorn's sync worker: one request at a time on the main thread, every response with Connection: close.
 * The heartbeat is ticked between requests only, so --timeout bounds each request, as in gunicorn.
 */
public final class SyncWorker implements WorkerClass {

    @Override
    public void serve(WorkerContext context) throws IOException {
        // one request at a time on the main thread: an HTTP/2 connection's streams would wait for each other
        EngineConfig configured = context.engineConfig(false);
        EngineConfig engine = configured.withHttp2(configured.http2().disabled());
        try (Selector selector = context.openAcceptSelector()) {
            context.onStop(selector::wakeup);
            while (!context.stopping()) {
                context.tick();
                selector.select(context.tickMillis());
                for (SelectionKey key : selector.selectedKeys()) {
                    acceptQueued((ServerSocketChannel) key.channel(), context, engine);
                }
                selector.selectedKeys().clear();
            }
        }
        if (context.drainsListenQueues()) {
            drainListenQueues(context, engine);
        }
    }

    /**
     * Serves the connections waiting in the listen queue one after the other, as gunicorn's sync worker does,
     * instead of one per wakeup of the selector: under load that saves a select per connection. Another worker
     * may still take any of them meanwhile; a stop ends the round.
     */
    private static void acceptQueued(ServerSocketChannel listener, WorkerContext context, EngineConfig engine)
            throws IOException {
        while (!context.stopping() && acceptOne(listener, context, engine)) {
            // until the queue is empty
        }
    }

    /** Connections the kernel queued before the stop began get served, not reset (gunicorn issue 3397). */
    private static void drainListenQueues(WorkerContext context, EngineConfig engine) throws IOException {
        for (ServerSocketChannel listener : context.listeners()) {
            while (System.nanoTime() < context.stopDeadlineNanos() && acceptOne(listener, context, engine)) {
                context.tick();
            }
        }
    }

    private static boolean acceptOne(ServerSocketChannel listener, WorkerContext context, EngineConfig engine)
            throws IOException {
        SocketChannel channel = context.accept(listener);
        if (channel == null) {
            return false;
        }
        channel.configureBlocking(true);
        context.connectionOpened();
        try {
            new Http1Connection(channel, context.handler(), engine, context).run();
        } finally {
            context.connectionClosed();
        }
        context.tick();
        return true;
    }
}
