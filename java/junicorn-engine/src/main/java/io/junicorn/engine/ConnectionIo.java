package io.junicorn.engine;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of one connection: a read buffer and a write buffer, both reused for every request, over a
 * {@link Transport} (plain, an event loop's, TLS over either). For a plain channel ({@link ChannelTransport})
 * reads go to the channel untimed, and {@link ReadDeadlines} closes a channel whose read waits too long
 * (see {@link TimedReads}): the socket adaptor's SO_TIMEOUT would cost a timer per read on a virtual
 * thread (measured: 81k req/s with it, 91–98k without, virtual worker, wrk -c64 plaintext) and a
 * unix-domain channel has no adaptor at all.
 */
final class ConnectionIo {
    static final int READ_BUFFER = 16 * 1024;
    static final int WRITE_BUFFER = 16 * 1024;

    private final Transport transport;

    /** Unread input, always in read mode: [position, limit) is what the peer sent and nobody consumed. */
    final ByteBuffer in = ByteBuffer.allocate(READ_BUFFER).limit(0);

    /** Pending output: out[0, outLength) is not written yet. */
    final byte[] out = new byte[WRITE_BUFFER];
    int outLength;
    /**
     * out[0, completeLength) holds whole responses kept back while the next pipelined request is served, so
     * that a batch of responses leaves in one write (see {@link #responseComplete}); always {@code <= outLength}.
     */
    private int completeLength;
    private final ByteBuffer outView = ByteBuffer.wrap(out);

    ConnectionIo(SocketChannel channel, Transport transport) throws IOException {
        this.transport = transport;
        if (!(channel.getLocalAddress() instanceof UnixDomainSocketAddress)) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    /**
     * Reads more input into {@link #in}. Returns the number of bytes read, or -1 at end of stream.
     *
     * @param timeoutMillis longest wait; 0 waits forever
     * @throws SocketTimeoutException when nothing arrived in time
     */
    int fill(int timeoutMillis) throws IOException {
        in.compact();
        try {
            if (!in.hasRemaining()) {
                throw new IllegalStateException("read buffer full of unconsumed input");
            }
            return transport.read(in, timeoutMillis); // advances the position itself
        } finally {
            in.flip();
        }
    }

    /**
     * Reads into {@link #in} what has arrived, without waiting: the number of bytes read, 0 when nothing
     * was there, -1 at end of stream.
     */
    int fillNow() throws IOException {
        in.compact();
        try {
            if (!in.hasRemaining()) {
                throw new IllegalStateException("read buffer full of unconsumed input");
            }
            return transport.readNow(in);
        } finally {
            in.flip();
        }
    }

    /** Whether input is waiting here or in the transport (TLS records read ahead), so a selector would not report it. */
    boolean hasBufferedInput() {
        return in.hasRemaining() || transport.hasBufferedInput();
    }

    /** The connection waits in its owner's selector next. */
    void awaitInSelector() throws IOException {
        transport.awaitInSelector();
    }

    /** Reads straight into the caller's array, bypassing {@link #in}, which must be empty. */
    int readDirect(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        return transport.read(ByteBuffer.wrap(b, off, len), timeoutMillis);
    }

    /** Buffers bytes for writing; writes what is pending first when they do not fit. */
    void write(byte[] b, int off, int len) throws IOException {
        if (len > out.length - outLength) {
            flush();
            if (len >= out.length) {
                writeFully(ByteBuffer.wrap(b, off, len));
                return;
            }
        }
        System.arraycopy(b, off, out, outLength, len);
        outLength += len;
    }

    void flush() throws IOException {
        if (outLength > 0) {
            writeRange(0, outLength);
        }
    }

    /** Writes out[from, to) and empties the write buffer. */
    void writeRange(int from, int to) throws IOException {
        outView.limit(to).position(from);
        outLength = 0;
        completeLength = 0;
        writeFully(outView);
    }

    /**
     * The response in the buffer is whole and stays there, unwritten, until the next {@link #flush} (the
     * caller's promise: it flushes before any read that may wait, and before the connection closes or is
     * parked). A failure of a later response ({@link #discardOutput}) keeps it.
     */
    void responseComplete() {
        completeLength = outLength;
    }

    /** Whether output is waiting in the buffer. */
    boolean hasPendingOutput() {
        return outLength > 0;
    }

    /** Drops the pending output of the response being written (it is abandoned); whole earlier responses stay. */
    void discardOutput() {
        outLength = completeLength;
    }

    /**
     * Writes now, around the buffer: {@code 100 Continue}, sent before the response's head, so the buffer
     * holds only whole earlier responses, which go first.
     */
    void writeNow(byte[] b) throws IOException {
        flush();
        writeFully(ByteBuffer.wrap(b));
    }

    /**
     * Whether a write failed: the peer went away (reset, broken pipe, closed), and nothing more reaches it.
     * A client leaving in the middle of a response is ordinary, not the application's fault.
     */
    boolean writeFailed() {
        return writeFailed;
    }

    /** Bytes the transport took since the connection opened, those of a write that failed part-way included. */
    long written() {
        return written;
    }

    private boolean writeFailed;
    private long written;

    /** Buffered input means pipelined requests whose responses follow this output: a hint to batch. */
    private void writeFully(ByteBuffer b) throws IOException {
        int from = b.position();
        try {
            transport.write(b, hasBufferedInput());
        } catch (IOException e) {
            writeFailed = true;
            throw e;
        } finally {
            written += b.position() - from;
        }
    }

    /** See {@link Transport#closeGracefully}. */
    void closeGracefully(int lingerMillis, int maxBytes) {
        in.clear().limit(0);
        transport.closeGracefully(lingerMillis, maxBytes);
    }

    void close() {
        transport.close();
    }

    /**
     * The read timeout of a channel. A timed read arms {@link #deadline} (nanoTime) and
     * disarms it when the read returns; {@link ReadDeadlines} expires a deadline that passed, closing the
     * channel, which ends the blocked read. Both sides change the deadline only by compare-and-set, so
     * exactly one wins: a read that lost reports a timeout. A timeout leaves the
     * channel closed, so nothing more is sent on it (no 500 after a request body that stopped arriving).
     */
    static final class TimedReads {
        static final long DISARMED = Long.MIN_VALUE;
        static final long EXPIRED = Long.MIN_VALUE + 1;

        private final SocketChannel channel;
        private final AtomicLong deadline = new AtomicLong(DISARMED);

        TimedReads(SocketChannel channel) {
            this.channel = channel;
            ReadDeadlines.register(this);
        }

        /** Like {@code channel.read(dst)}, or a SocketTimeoutException when nothing came in time. */
        int read(ByteBuffer dst, int timeoutMillis) throws IOException {
            if (timeoutMillis <= 0) {
                return channel.read(dst);
            }
            long d = System.nanoTime() + timeoutMillis * 1_000_000L;
            if (d == DISARMED || d == EXPIRED) {
                d = EXPIRED + 1;
            }
            if (!deadline.compareAndSet(DISARMED, d)) {
                throw timedOut(); // an earlier read expired: the channel is closed
            }
            ReadDeadlines.armed(d);
            int n;
            try {
                n = channel.read(dst);
            } catch (IOException e) {
                if (!deadline.compareAndSet(d, DISARMED)) {
                    throw timedOut(); // the AsynchronousCloseException of our own expiry
                }
                throw e;
            }
            if (!deadline.compareAndSet(d, DISARMED)) {
                throw timedOut(); // the read returned as the deadline passed; the channel is closing
            }
            return n;
        }

        long deadline() {
            return deadline.get();
        }

        /** Called by ReadDeadlines once {@code d} has passed. */
        void expire(long d) {
            if (deadline.compareAndSet(d, EXPIRED)) {
                try {
                    channel.close();
                } catch (IOException | RuntimeException e) {
                    // closed anyway; the deadline thread must not die of it
                }
            }
        }

        private static SocketTimeoutException timedOut() {
            return new SocketTimeoutException("read timed out");
        }
    }
}
