package io.junicorn.servlet;

import io.junicorn.engine.UpgradedConnection;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An upgraded connection's output as a ServletOutputStream. Blocking, a write is the connection's (it returns once
 * the transport took the bytes). With a WriteListener, a write hands a copy to a virtual thread and returns;
 * {@link #isReady()} is false until that thread wrote it, and when the handler was told false, the thread calls
 * onWritePossible then (onError when the write failed). onWritePossible is first called once the listener is set.
 */
final class UpgradeOutput extends ServletOutputStream {
    private final UpgradedConnection connection;
    private final UpgradeSession.Connection web;
    private final ReentrantLock lock = new ReentrantLock();
    private WriteListener listener;
    /** A non-blocking write still being written. */
    private boolean writing;
    /** isReady() said false: onWritePossible is owed once the write is done. */
    private boolean owed;
    private boolean closed;

    UpgradeOutput(UpgradedConnection connection, UpgradeSession.Connection web) {
        this.connection = connection;
        this.web = web;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        WriteListener l;
        lock.lock();
        try {
            if (closed) {
                throw new IOException("stream closed");
            }
            l = listener;
            if (l != null) {
                if (writing) {
                    throw new IllegalStateException("write while isReady() is false (WriteListener)");
                }
                writing = true;
            }
        } finally {
            lock.unlock();
        }
        if (l == null) {
            writeNow(ByteBuffer.wrap(b, off, len));
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(len).put(b, off, len).flip();
        Thread.ofVirtual().name("junicorn-upgrade-write").start(() -> writeForListener(copy, l));
    }

    private void writeNow(ByteBuffer src) throws IOException {
        try {
            connection.write(src);
        } catch (IOException e) {
            web.ended(); // the connection closed itself: the peer is gone
            throw e;
        }
    }

    private void writeForListener(ByteBuffer src, WriteListener l) {
        try {
            writeNow(src);
        } catch (IOException e) {
            l.onError(e);
            return;
        }
        boolean call;
        lock.lock();
        try {
            writing = false;
            call = owed;
            owed = false;
        } finally {
            lock.unlock();
        }
        if (call) {
            possible(l);
        }
    }

    private static void possible(WriteListener l) {
        try {
            l.onWritePossible();
        } catch (IOException | RuntimeException e) {
            l.onError(e);
        }
    }

    @Override
    public boolean isReady() {
        lock.lock();
        try {
            if (listener == null || !writing) {
                return true;
            }
            owed = true;
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
        Objects.requireNonNull(writeListener, "writeListener");
        lock.lock();
        try {
            if (listener != null) {
                throw new IllegalStateException("the WriteListener was set already");
            }
            listener = writeListener;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("junicorn-upgrade-write").start(() -> possible(writeListener));
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
