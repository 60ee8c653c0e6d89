package io.junicorn.worker.nio;

import io.junicorn.engine.Transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's bytes on an {@link EventLoop}: the channel stays non-blocking and registered with the
 * loop's selector for its whole life, and nothing ever blocks in the kernel. The request's (virtual) thread
 * reads and writes with non-blocking calls; when it has to wait, it parks here and the loop wakes it:
 * <ul>
 * <li>read: with nothing to read, the thread asks the loop for OP_READ and parks until the loop sees the
 *     channel readable. While no thread wants bytes the loop leaves OP_READ off for a busy connection, so
 *     a client's further bytes wait in the kernel: backpressure, no buffering.</li>
 * <li>write: when nothing is queued the thread writes straight to the channel; what the socket does not
 *     take, and output written while pipelined requests are buffered ({@code moreFollows}), goes to a
 *     queue that the loop flushes with gathering writes, so pipelined responses leave in batches. The
 *     thread parks while more than {@link #QUEUE_LIMIT} bytes are queued: a slow reader holds the writer,
 *     not memory.</li>
 * <li>close: closes finish on the loop, so the request's thread never waits on them: the queue is flushed
 *     first (a plain close), then FIN, and a graceful close also reads and drops what the peer still sends
 *     until its end of stream or {@code maxBytes}. A closing connection whose output stops moving for the
 *     linger time is cut; {@link #abort} cuts at once.</li>
 * </ul>
 * Every field below is guarded by {@link #lock}; the key's interest is changed on the loop's thread only.
 */
final class LoopTransport implements Transport {
    /** Queued output above which a writing thread waits for the client to read. */
    static final int QUEUE_LIMIT = 256 * 1024;
    /** How long a closing connection waits for its queued output to move before it is cut. */
    private static final int LINGER_MILLIS = 1000;

    private final SocketChannel channel;
    private final EventLoop loop;
    private final LoopConnection connection;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the channel became readable for a waiting reader, the queue shrank, or it closed. */
    private final Condition changed = lock.newCondition();
    private final OutputQueue queue = new OutputQueue();
    /** A flush is due on the loop: a task is pending or OP_WRITE is armed. */
    private boolean flushing;
    /** A thread parks in read until the loop finds the channel readable. */
    private boolean readWanted;
    private boolean readable;
    /** The loop reads for itself: a request head, or the linger of a graceful close. */
    private boolean loopReads = true;
    private Closing closing = Closing.OPEN;
    /** Our FIN went out (after the queue). */
    private boolean finSent;
    /** A lingering close read the peer's end of stream, or as much as it drops. */
    private boolean inputDone;
    private long lingerBudget;
    private SelectionKey key;

    LoopTransport(SocketChannel channel, EventLoop loop, LoopConnection connection) {
        this.channel = channel;
        this.loop = loop;
        this.connection = connection;
    }

    /** How far the connection is in closing; it only moves forward. */
    private enum Closing {
        OPEN,
        /** FIN once the queue is flushed (writeAndShutdown: the request timeout's answer); reads go on. */
        OUTPUT_ENDS,
        /** Closes once the queue is flushed (a plain close). */
        ENDS,
        /** FIN once the queue is flushed, then reads and drops the peer's input until its end, then closes. */
        LINGERS,
        CLOSED
    }

    private boolean closed() {
        return closing == Closing.CLOSED;
    }

    /** A close began: the connection serves no more requests. */
    private boolean ending() {
        return closing == Closing.ENDS || closing == Closing.LINGERS;
    }

    @Override
    public int read(ByteBuffer dst, int timeoutMillis) throws IOException {
        return read(dst, timeoutMillis, true);
    }

    /** The same wait for the loop to see the channel readable, but a timeout leaves the channel open. */
    @Override
    public int readKeepingOpen(ByteBuffer dst, int timeoutMillis) throws IOException {
        return read(dst, timeoutMillis, false);
    }

    private int read(ByteBuffer dst, int timeoutMillis, boolean closeOnTimeout) throws IOException {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
        while (true) {
            int n = readNow(dst);
            if (n != 0 || !dst.hasRemaining()) {
                return n;
            }
            awaitReadable(deadline, closeOnTimeout);
        }
    }

    private void awaitReadable(long deadline, boolean closeOnTimeout) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            readable = false;
            readWanted = true;
            loop.execute(this::updateInterest);
            try {
                while (!readable && !closed()) {
                    if (deadline == 0) {
                        changed.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        changed.awaitNanos(left);
                    }
                }
            } catch (InterruptedException e) {
                // not closed, unlike a plain channel: the request timeout's 503 may still be queued
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for request bytes");
            } finally {
                readWanted = false;
            }
            ensureOpen();
            if (!readable) {
                if (closeOnTimeout) {
                    closeLocked(); // as a plain channel's timed read does: nothing more is sent on it
                } // else OP_READ, if still armed, goes off when the loop next finds nobody waiting (readableForThread)
                throw new SocketTimeoutException("read timed out");
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int readNow(ByteBuffer dst) throws IOException {
        try {
            return channel.read(dst);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public void write(ByteBuffer src, boolean moreFollows) throws IOException {
        lock.lock();
        try {
            ensureWritable();
            if (queue.isEmpty() && !moreFollows) {
                writeToChannel(src);
                if (!src.hasRemaining()) {
                    return;
                }
            }
            enqueue(src);
            if (loop.inLoop()) {
                return; // the loop's own small answers (a refused head) never wait
            }
            try {
                while (queue.bytes() > QUEUE_LIMIT && !closed()) {
                    changed.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the client to read");
            }
            ensureOpen();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void writeAndShutdown(ByteBuffer src) throws IOException {
        lock.lock();
        try {
            ensureWritable();
            enqueue(src);
            closing = Closing.OUTPUT_ENDS;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void awaitInSelector() {
        // always non-blocking and registered
    }

    @Override
    public void closeGracefully(int lingerMillis, int maxBytes) {
        lock.lock();
        try {
            if (closed() || ending()) {
                return;
            }
            lingerBudget = maxBytes;
            loopReads = true;
            end(Closing.LINGERS, lingerMillis);
        } finally {
            lock.unlock();
        }
    }

    /** Delivers what is queued first: a queued response (pipelined, or to a slow reader) is not lost. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed() || ending()) {
                return;
            }
            if (queue.isEmpty()) {
                closeLocked();
                return;
            }
            loopReads = false;
            end(Closing.ENDS, LINGER_MILLIS);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abort() {
        lock.lock();
        try {
            closeLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Ends after the queue is flushed, on the loop, which gives up {@code millis} after the last progress. */
    private void end(Closing how, int millis) {
        closing = how;
        flushing = true;
        loop.execute(this::flush);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        loop.execute(() -> loop.ending(connection, until));
    }

    private void closeLocked() {
        if (closed()) {
            return;
        }
        closing = Closing.CLOSED;
        queue.clear();
        changed.signalAll();
        try {
            channel.close(); // cancels the key
        } catch (IOException e) {
            // closed anyway
        }
        loop.execute(() -> loop.closed(connection));
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed();
        } finally {
            lock.unlock();
        }
    }

    boolean hasQueuedOutput() {
        lock.lock();
        try {
            return !queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Whether queued output moved since the last call: a slow reader still reads. */
    boolean madeProgress() {
        lock.lock();
        try {
            return queue.takeProgress();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the connection is closing: it no longer serves requests. */
    boolean isEnding() {
        lock.lock();
        try {
            return ending();
        } finally {
            lock.unlock();
        }
    }

    // ---- the loop's side (on its thread) ----

    /** The connection's key, once it first waits; its interest follows from what waits ({@link #updateInterest}). */
    void registered(SelectionKey key) {
        this.key = key;
        updateInterest();
    }

    boolean isRegistered() {
        return key != null;
    }

    /** Whether the loop reads the head itself (true) or a request's thread owns the connection (false). */
    void loopReads(boolean loopReads) {
        lock.lock();
        try {
            this.loopReads = loopReads || (closing == Closing.LINGERS && !inputDone);
            updateInterest();
        } finally {
            lock.unlock();
        }
    }

    /** The channel is readable and a request's thread owns the connection: wake its reader, if any. */
    void readableForThread() {
        lock.lock();
        try {
            if (readWanted) {
                readable = true;
                changed.signalAll();
            }
            updateInterest();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The linger of a graceful close: reads and drops what the peer sends until its end of stream or the
     * budget is spent; the connection closes then, once the queue is flushed too. True when it closed.
     */
    boolean discardInput(ByteBuffer scratch) {
        lock.lock();
        try {
            while (!closed() && !inputDone) {
                scratch.clear();
                int n = channel.read(scratch);
                if (n == 0) {
                    return false;
                }
                lingerBudget -= n;
                inputDone = n < 0 || lingerBudget <= 0;
            }
            loopReads = false;
            if (queue.isEmpty()) {
                closeLocked();
            } else {
                updateInterest();
            }
            return closed();
        } catch (IOException e) {
            closeLocked(); // the peer is gone: nothing more to protect
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is queued, as much as the socket takes; arms OP_WRITE for the rest. */
    void flush() {
        lock.lock();
        try {
            if (closed()) {
                return;
            }
            queue.writeTo(channel);
            if (queue.bytes() <= QUEUE_LIMIT) {
                changed.signalAll();
            }
            if (queue.isEmpty()) {
                flushing = false;
                if (closing != Closing.OPEN && !finSent) {
                    finSent = true;
                    channel.shutdownOutput();
                }
                if (closing == Closing.ENDS || closing == Closing.LINGERS && inputDone) {
                    closeLocked();
                    return;
                }
            }
            updateInterest();
        } catch (IOException e) {
            closeLocked(); // the peer reset: the response cannot arrive
        } finally {
            lock.unlock();
        }
    }

    /** OP_READ while someone wants bytes, OP_WRITE while output waits; on the loop's thread. */
    private void updateInterest() {
        lock.lock();
        try {
            if (closed() || key == null || !key.isValid()) {
                return;
            }
            int ops = loopReads || (readWanted && !readable) ? SelectionKey.OP_READ : 0;
            if (flushing && !queue.isEmpty()) {
                ops |= SelectionKey.OP_WRITE;
            }
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(ByteBuffer src) {
        queue.add(src);
        if (!flushing) {
            flushing = true;
            loop.execute(this::flush);
        }
    }

    private void writeToChannel(ByteBuffer src) throws IOException {
        try {
            channel.write(src);
        } catch (IOException e) {
            closeLocked();
            throw e;
        }
    }

    private void ensureOpen() throws IOException {
        if (closed()) {
            throw new ClosedChannelException();
        }
    }

    private void ensureWritable() throws IOException {
        ensureOpen();
        if (closing != Closing.OPEN) {
            throw new IOException("connection output already ended");
        }
    }
}
