package io.junicorn.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Timed reads of a blocking channel that leave it open when they time out (an upgraded connection's idle wait):
 * a virtual thread of its own reads into a buffer, untimed, and {@link #read} waits for what it brings with a
 * deadline. The reader parks between reads, holding no platform thread; it ends at end of stream, on a failed
 * read (the channel closed, the peer reset) or at {@link #close}.
 */
final class ReadAhead {
    private static final int BUFFER = 8 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when bytes, end of stream or a failure arrived, and when the buffer was emptied or closed. */
    private final Condition changed = lock.newCondition();
    /** Bytes read and not taken, in read mode, while {@link #full}; the reading thread's alone otherwise. */
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private boolean full;
    private boolean endOfStream;
    private IOException failure;
    private boolean closed;

    ReadAhead(ReadableByteChannel channel) {
        Thread.ofVirtual().name("junicorn-read-ahead").start(() -> readUntilEnd(channel));
    }

    private void readUntilEnd(ReadableByteChannel channel) {
        while (awaitEmpty()) {
            buffer.clear();
            int n;
            IOException failed = null;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                n = -1;
                failed = e;
            }
            buffer.flip();
            lock.lock();
            try {
                full = n > 0;
                endOfStream = n < 0 && failed == null;
                failure = failed;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (n < 0) {
                return;
            }
        }
    }

    /** Waits until everything read was taken; false once closed. */
    private boolean awaitEmpty() {
        lock.lock();
        try {
            while (full && !closed) {
                changed.awaitUninterruptibly(); // nobody interrupts this thread; close ends the wait
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Like a channel's read, waiting at most {@code timeoutMillis} (0: for ever) for the first byte. */
    int read(ByteBuffer dst, int timeoutMillis) throws IOException {
        long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (!full && !endOfStream && failure == null && !closed) {
                if (timeoutMillis <= 0) {
                    changed.await();
                } else if (left <= 0) {
                    throw new SocketTimeoutException("read timed out");
                } else {
                    left = changed.awaitNanos(left);
                }
            }
            if (full) {
                int n = Math.min(dst.remaining(), buffer.remaining());
                dst.put(dst.position(), buffer, buffer.position(), n).position(dst.position() + n);
                buffer.position(buffer.position() + n);
                if (!buffer.hasRemaining()) {
                    full = false;
                    changed.signalAll();
                }
                return n;
            }
            if (failure != null) {
                throw failure;
            }
            if (closed) {
                throw new java.nio.channels.ClosedChannelException();
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for bytes");
        } finally {
            lock.unlock();
        }
    }

    /** The channel closed: the reading thread stops, even while what it read is not taken. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
