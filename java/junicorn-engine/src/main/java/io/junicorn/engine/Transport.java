package io.junicorn.engine;

import io.junicorn.engine.tls.TlsSession;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * How a connection's bytes cross its channel: as they are ({@link Plain}) or through TLS ({@link TlsTransport}).
 * ConnectionIo reads and writes through it and never touches the channel's data itself. The transport owns the
 * channel's blocking mode: blocking for {@link #read} and {@link #write}, non-blocking for {@link #readNow}.
 */
abstract sealed class Transport permits Transport.Plain, TlsTransport {
    final SocketChannel channel;
    /** Every timed read of this connection (ReadDeadlines). */
    final ConnectionIo.TimedReads reads;
    /** Whether the channel is in non-blocking mode now; only this object switches it. */
    private boolean nonBlocking;

    Transport(SocketChannel channel) {
        this.channel = channel;
        this.nonBlocking = !channel.isBlocking();
        this.reads = new ConnectionIo.TimedReads(channel);
    }

    /**
     * Reads application bytes into {@code dst}, waiting at most {@code timeoutMillis} in all (0: forever): the
     * number read, or -1 at end of stream.
     *
     * @throws java.net.SocketTimeoutException when nothing arrived in time
     */
    abstract int read(ByteBuffer dst, int timeoutMillis) throws IOException;

    /** Reads the application bytes that have arrived, without waiting: the number, 0 for none, -1 at end of stream. */
    abstract int readNow(ByteBuffer dst) throws IOException;

    /** Writes all of {@code src}, blocking. Safe to call from a second thread while the first reads. */
    abstract void write(ByteBuffer src) throws IOException;

    /** Ends output (a TLS connection sends close_notify first); reads still work. */
    abstract void shutdownOutput() throws IOException;

    /** Whether bytes were read from the channel that a read has not returned yet (a selector cannot see them). */
    boolean hasBufferedInput() {
        TlsSession tls = tls();
        return tls != null && tls.hasBufferedInput();
    }

    /** The TLS session, or null on a plain connection. */
    abstract TlsSession tls();

    void blocking() throws IOException {
        if (nonBlocking) {
            channel.configureBlocking(true);
            nonBlocking = false;
        }
    }

    void nonBlocking() throws IOException {
        if (!nonBlocking) {
            channel.configureBlocking(false);
            nonBlocking = true;
        }
    }

    void close() {
        ReadDeadlines.deregister(reads);
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do about a failed close
        }
    }

    /** The bytes as they are. */
    static final class Plain extends Transport {
        Plain(SocketChannel channel) {
            super(channel);
        }

        @Override
        int read(ByteBuffer dst, int timeoutMillis) throws IOException {
            blocking();
            return reads.read(dst, timeoutMillis);
        }

        @Override
        int readNow(ByteBuffer dst) throws IOException {
            nonBlocking();
            return channel.read(dst);
        }

        @Override
        void write(ByteBuffer src) throws IOException {
            blocking();
            while (src.hasRemaining()) {
                channel.write(src);
            }
        }

        @Override
        void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        TlsSession tls() {
            return null;
        }
    }
}
