package io.junicorn.engine;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How a connection's bytes reach the peer: the seam between the engine (parsing, exchanges, buffers in
 * {@link ConnectionIo}) and the socket. The engine drives one through blocking calls on the connection's
 * thread; {@link ChannelTransport} makes them on a plain {@code SocketChannel}, an event-loop worker
 * backs them with a selector (the thread parks, nothing blocks in the kernel), and {@link TlsTransport}
 * layers TLS over either of them.
 */
public interface Transport {

    /**
     * Reads at least one byte into {@code dst}, waiting for it: the number of bytes read, or -1 at end of
     * stream.
     *
     * @param timeoutMillis longest wait; 0 waits forever
     * @throws java.net.SocketTimeoutException when nothing arrived in time; the transport is then closed
     */
    int read(ByteBuffer dst, int timeoutMillis) throws IOException;

    /**
     * Like {@link #read}, for a connection taken over after a 101 ({@link UpgradedConnection}): a timeout leaves
     * the transport open, since the protocol may still say goodbye and read the answer.
     *
     * @throws java.net.SocketTimeoutException when nothing arrived in time; the transport stays open
     */
    int readKeepingOpen(ByteBuffer dst, int timeoutMillis) throws IOException;

    /** Reads what has arrived without waiting: the number of bytes read, 0 when nothing was there, -1 at end of stream. */
    int readNow(ByteBuffer dst) throws IOException;

    /**
     * Writes all of {@code src}; returns once the transport holds it (sent, or queued within a bound).
     *
     * @param moreFollows a hint that more output is coming soon (pipelined requests are buffered), so a
     *                    transport may batch this write with the next ones
     */
    void write(ByteBuffer src, boolean moreFollows) throws IOException;

    /**
     * From any thread, atomically with respect to other writes: writes all of {@code src}, then ends the
     * output (our FIN). The request timeout's answer.
     */
    void writeAndShutdown(ByteBuffer src) throws IOException;

    /**
     * Whether bytes were taken from the socket that no read returned yet (TLS records read ahead): a selector
     * will not report them, so the connection reads again before it waits to be readable.
     */
    default boolean hasBufferedInput() {
        return false;
    }

    /** The connection waits for bytes in its owner's selector next: a channel transport goes non-blocking. */
    void awaitInSelector() throws IOException;

    /**
     * Closes after sending FIN and reading what the peer still sends, at most {@code maxBytes} for at most
     * {@code lingerMillis}, so unread input does not make the kernel answer with a reset that destroys the
     * response just written (RFC 9112 §9.6; gunicorn {@code util.close_graceful}). May return before the
     * close is done when the transport finishes it elsewhere.
     */
    void closeGracefully(int lingerMillis, int maxBytes);

    /**
     * Closes, from any thread: output already written is still delivered (a transport that queues output
     * flushes it first, within a bound), nothing more is read; a read or write waiting on it fails.
     */
    void close();

    /** Closes at once, from any thread, dropping output not yet sent: a response that began is cut. */
    void abort();
}
