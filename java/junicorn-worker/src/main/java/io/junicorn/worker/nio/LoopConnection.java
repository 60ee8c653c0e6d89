package io.junicorn.worker.nio;

import io.junicorn.engine.EngineConfig;
import io.junicorn.engine.Http1Connection;
import io.junicorn.worker.WorkerContext;

import java.nio.channels.SocketChannel;

/**
 * One connection of an {@link EventLoop}: the engine's connection over a {@link LoopTransport}, and what the
 * loop knows of it. Fields other than the final ones belong to the loop's thread.
 */
final class LoopConnection {
    final SocketChannel channel;
    final LoopTransport transport;
    final Http1Connection http;
    /** A request's thread owns the connection (from a complete head to the end of its response). */
    boolean serving;
    /** Whether it is in the loop's deadline order, and when its wait ends there (nanoTime). */
    boolean waiting;
    long until;
    long order;

    LoopConnection(SocketChannel channel, EventLoop loop, WorkerContext context, EngineConfig engine) {
        this.channel = channel;
        this.transport = new LoopTransport(channel, loop, this);
        this.http = new Http1Connection(channel, transport, context.handler(), engine, context);
    }
}
