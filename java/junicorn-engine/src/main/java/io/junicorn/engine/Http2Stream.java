package io.junicorn.engine;

import io.junicorn.http.Http2ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP/2 stream of an {@link Http2Connection} (RFC 9113 §5.1): its request body as the application reads
 * it, fed by the connection's reader with DATA, and its flow-control windows. The stream's window to the
 * client opens as the application reads (WINDOW_UPDATE every half window), so a client sends no more than
 * the application has room for: backpressure per stream. Thread-safe: the connection's reader feeds it, the
 * handler's thread reads it, and either may end it.
 */
final class Http2Stream {
    final int id;
    private final Http2Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int chunkOffset;
    /** The request's END_STREAM arrived: half-closed (remote). */
    private boolean remoteEnded;
    /** Why the stream ended early (a reset from either side, or the connection ended), or null. */
    private Http2ErrorCode reset;
    private boolean resetByPeer;
    /** Request body bytes the application read that the client's window does not have back yet. */
    private int unacknowledged;
    /** How many more DATA bytes the client may send (our window for it). */
    int receiveWindow;
    /** How many more DATA bytes we may send (the client's window for us); guarded by the connection's flow lock. */
    long sendWindow;
    /** The declared content-length, or -1, and what arrived so far (RFC 9113 §8.1.1). */
    final long contentLength;
    long dataReceived;
    /** The response's END_STREAM (or a reset) went out: nothing more is sent on the stream. */
    volatile boolean localEnded;
    Http2Exchange exchange;

    Http2Stream(int id, Http2Connection connection, int receiveWindow, long sendWindow, long contentLength) {
        this.id = id;
        this.connection = connection;
        this.receiveWindow = receiveWindow;
        this.sendWindow = sendWindow;
        this.contentLength = contentLength;
    }

    /** On the reader's thread: request body bytes (a DATA frame's data, padding removed). */
    void data(byte[] payload, int offset, int length, boolean endStream) {
        lock.lock();
        try {
            if (length > 0) {
                chunks.add(offset == 0 && length == payload.length ? payload
                        : java.util.Arrays.copyOfRange(payload, offset, offset + length));
            }
            remoteEnded |= endStream;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** On the reader's thread: END_STREAM with trailers (or an empty body). */
    void endOfRequest() {
        data(null, 0, 0, true);
    }

    /** The stream ended early: readers wake up to an exception. */
    void reset(Http2ErrorCode code, boolean byPeer) {
        lock.lock();
        try {
            if (reset == null) {
                reset = code;
                resetByPeer = byPeer;
            }
            localEnded = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean remoteEnded() {
        lock.lock();
        try {
            return remoteEnded;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the client reset the stream or the connection failed: nobody will read the response. */
    boolean clientGone() {
        lock.lock();
        try {
            return resetByPeer || reset == Http2ErrorCode.CANCEL;
        } finally {
            lock.unlock();
        }
    }

    boolean isReset() {
        lock.lock();
        try {
            return reset != null;
        } finally {
            lock.unlock();
        }
    }

    /** The request body as the application reads it. */
    final class RequestBody extends InputStream {
        private final int timeoutMillis;
        private boolean continuePending;
        private byte[] one;

        RequestBody(boolean expectContinue, int timeoutMillis) {
            this.continuePending = expectContinue;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public int read() throws IOException {
            if (one == null) {
                one = new byte[1];
            }
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (continuePending) {
                continuePending = false;
                exchange.sendContinue(); // RFC 9110 §10.1.1: the client may wait for it before sending the body
            }
            int n;
            lock.lock();
            try {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
                while (chunks.isEmpty() && !remoteEnded && reset == null) {
                    long left = deadline - System.nanoTime();
                    if (timeoutMillis > 0 && left <= 0) {
                        throw new java.net.SocketTimeoutException("no request body bytes within " + timeoutMillis + " ms");
                    }
                    try {
                        if (timeoutMillis > 0) {
                            arrived.awaitNanos(left);
                        } else {
                            arrived.await();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted waiting for request body bytes");
                    }
                }
                if (chunks.isEmpty()) {
                    if (reset != null && !remoteEnded) {
                        throw new IOException("stream reset (" + reset + ") before the end of the request body");
                    }
                    return -1;
                }
                byte[] chunk = chunks.peek();
                n = Math.min(len, chunk.length - chunkOffset);
                System.arraycopy(chunk, chunkOffset, b, off, n);
                chunkOffset += n;
                if (chunkOffset == chunk.length) {
                    chunks.poll();
                    chunkOffset = 0;
                }
                unacknowledged += n;
            } finally {
                lock.unlock();
            }
            connection.consumed(Http2Stream.this);
            return n;
        }

        @Override
        public int available() {
            lock.lock();
            try {
                int n = 0;
                for (byte[] chunk : chunks) {
                    n += chunk.length;
                }
                return n - chunkOffset;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Bytes the application read that the client may send again, once they make half the initial window (so a
     * WINDOW_UPDATE is not sent per read), and 0 after the request ended (no more will come). Resets the count.
     */
    int takeWindowUpdate(int initialWindow) {
        lock.lock();
        try {
            if (remoteEnded || reset != null || unacknowledged < Math.max(1, initialWindow / 2)) {
                return 0;
            }
            int n = unacknowledged;
            unacknowledged = 0;
            return n;
        } finally {
            lock.unlock();
        }
    }
}
