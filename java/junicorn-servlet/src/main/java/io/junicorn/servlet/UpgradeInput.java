package io.junicorn.servlet;

import io.junicorn.engine.UpgradedConnection;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An upgraded connection's input as a ServletInputStream. Blocking, its reads are the connection's (they park the
 * calling thread, a virtual one on junicorn's threads). With a ReadListener, the session's virtual thread reads
 * into a buffer and calls onDataAvailable when bytes came; it reads again once the handler emptied the buffer and
 * {@link #isReady()} said false, and calls onAllDataRead at the end of the stream, onError when a read failed.
 */
final class UpgradeInput extends ServletInputStream {
    private static final int BUFFER = 8 * 1024;

    private final UpgradedConnection connection;
    private final UpgradeSession.Connection web;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a listener is set, the handler wants more bytes, or the connection ended. */
    private final Condition changed = lock.newCondition();
    /** What the session's thread read for the listener, read mode; taken only while it has bytes. */
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).limit(0);
    private ReadListener listener;
    private boolean wantsData;
    private boolean endOfStream;
    private boolean closed;
    private boolean ended;
    private byte[] one;

    UpgradeInput(UpgradedConnection connection, UpgradeSession.Connection web) {
        this.connection = connection;
        this.web = web;
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
        lock.lock();
        try {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (listener != null) {
                return take(b, off, len);
            }
            if (endOfStream) {
                return -1;
            }
        } finally {
            lock.unlock();
        }
        int n;
        try {
            n = connection.read(ByteBuffer.wrap(b, off, len), 0);
        } catch (IOException e) {
            web.ended(); // the connection closed itself: the peer is gone
            throw e;
        }
        if (n < 0) {
            lock.lock();
            try {
                endOfStream = true;
            } finally {
                lock.unlock();
            }
        }
        return n;
    }

    /** Non-blocking: only what the session's thread read, as isReady() promised. */
    private int take(byte[] b, int off, int len) {
        if (buffer.hasRemaining()) {
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }
        if (endOfStream) {
            return -1;
        }
        throw new IllegalStateException("no bytes to read: read only while isReady() is true (ReadListener)");
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return buffer.remaining();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isFinished() {
        lock.lock();
        try {
            return endOfStream && !buffer.hasRemaining();
        } finally {
            lock.unlock();
        }
    }

    /** With a listener: true while bytes (or the end of the stream) wait; false asks the session's thread for more. */
    @Override
    public boolean isReady() {
        lock.lock();
        try {
            if (listener == null || buffer.hasRemaining() || endOfStream) {
                return true;
            }
            wantsData = true;
            changed.signalAll();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setReadListener(ReadListener readListener) {
        Objects.requireNonNull(readListener, "readListener");
        lock.lock();
        try {
            if (listener != null) {
                throw new IllegalStateException("the ReadListener was set already");
            }
            listener = readListener;
            wantsData = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * On the session's thread after init(): once a listener is set (now or later, from any thread), reads for it
     * until the end of the stream, a failure, or the connection's end. Returns at once when the connection ends
     * without a listener.
     */
    void driveReads() {
        ReadListener l = awaitWanted();
        if (l == null) {
            return;
        }
        try {
            while (true) {
                buffer.clear();
                int n = connection.read(buffer, 0); // parks; nobody touches the buffer meanwhile (isReady is false)
                lock.lock();
                try {
                    buffer.flip();
                    wantsData = false;
                    endOfStream = n < 0;
                } finally {
                    lock.unlock();
                }
                if (n < 0) {
                    l.onAllDataRead();
                    return;
                }
                l.onDataAvailable();
                if (awaitWanted() == null) {
                    return;
                }
            }
        } catch (IOException e) {
            web.ended();
            l.onError(e);
        } catch (RuntimeException e) {
            l.onError(e);
            connection.abort();
            web.ended();
        }
    }

    /** Waits until the listener wants bytes (set, and the buffer taken); null once the connection ended. */
    private ReadListener awaitWanted() {
        lock.lock();
        try {
            while (!ended && !closed && !(wantsData && listener != null && !buffer.hasRemaining())) {
                changed.awaitUninterruptibly(); // ended by the connection's end, which signals
            }
            return ended || closed ? null : listener;
        } finally {
            lock.unlock();
        }
    }

    /** The connection ended: the session's thread stops waiting for the listener. */
    void connectionEnded() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closeStream();
        web.streamClosed();
    }

    void closeStream() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
