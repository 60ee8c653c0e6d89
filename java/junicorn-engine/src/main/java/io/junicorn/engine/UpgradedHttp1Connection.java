package io.junicorn.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An HTTP/1.1 connection after its 101, over the connection's own {@link Transport} (plain, an event loop's, TLS
 * over either), so it parks as the HTTP reads did on the same worker class. The worker knows it through
 * {@link ConnectionListener#connectionUpgraded}: it says when the worker retires ({@link #goingAway()}) and aborts
 * it when the graceful stop is over.
 *
 * <p>Threads: one reads (the session's); any may write (a lock keeps whole writes apart), close or abort. A read
 * or write that fails (other than a timeout) means the peer is gone, and closes the connection.
 */
public final class UpgradedHttp1Connection implements UpgradedConnection {
    private static final Logger log = LoggerFactory.getLogger(UpgradedHttp1Connection.class);
    /** A closing connection reads what the peer still sends this long, at most this much (as Http1Connection). */
    private static final int LINGER_MILLIS = 1000;
    private static final int LINGER_BYTES = 64 * 1024;

    private final Transport transport;
    /** What the HTTP/1.1 reader had read past the upgrade request, read first; null once taken. */
    private ByteBuffer buffered;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final boolean secure;
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean goingAway = new AtomicBoolean();
    /** The goodbye not run yet; taken by whoever runs it, so each runs once. */
    private final AtomicReference<Runnable> goodbye = new AtomicReference<>();
    private final List<Runnable> whenClosed = new CopyOnWriteArrayList<>();

    UpgradedHttp1Connection(Transport transport, ByteBuffer buffered, InetSocketAddress remote, InetSocketAddress local,
                            boolean secure) {
        this.transport = transport;
        this.buffered = buffered.hasRemaining() ? buffered : null;
        this.remote = remote;
        this.local = local;
        this.secure = secure;
    }

    @Override
    public int read(ByteBuffer dst, int timeoutMillis) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (buffered != null) {
            int n = Math.min(dst.remaining(), buffered.remaining());
            dst.put(dst.position(), buffered, buffered.position(), n).position(dst.position() + n);
            buffered.position(buffered.position() + n);
            if (!buffered.hasRemaining()) {
                buffered = null;
            }
            return n;
        }
        try {
            return transport.readKeepingOpen(dst, timeoutMillis);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            abort();
            throw e;
        }
    }

    @Override
    public void write(ByteBuffer... srcs) throws IOException {
        writing.lock();
        try {
            for (ByteBuffer src : srcs) {
                transport.write(src, false);
            }
        } catch (IOException e) {
            abort();
            throw e;
        } finally {
            writing.unlock();
        }
    }

    @Override
    public void closeGracefully() {
        if (closing.compareAndSet(false, true)) {
            try {
                transport.closeGracefully(LINGER_MILLIS, LINGER_BYTES);
            } finally {
                closedNow();
            }
        }
    }

    @Override
    public void abort() {
        transport.abort(); // also under a graceful close that lingers
        closing.set(true);
        closedNow();
    }

    private void closedNow() {
        closed.countDown();
        for (Runnable r : whenClosed) {
            if (whenClosed.remove(r)) {
                r.run();
            }
        }
    }

    /**
     * Runs {@code r} once the connection is closed, on the thread that closes it, or at once when it is: for a
     * Servlet upgrade handler, whose destroy() follows a close by anyone.
     */
    public void whenClosed(Runnable r) {
        whenClosed.add(r);
        if (isClosed() && whenClosed.remove(r)) {
            r.run();
        }
    }

    @Override
    public void onGoingAway(Runnable goodbye) {
        this.goodbye.set(goodbye);
        if (goingAway.get()) {
            sayGoodbye();
        }
    }

    /** The worker begins to retire: the protocol's goodbye runs, once, now or when it is given. */
    public void goingAway() {
        if (goingAway.compareAndSet(false, true)) {
            sayGoodbye();
        }
    }

    private void sayGoodbye() {
        Runnable g = goodbye.getAndSet(null);
        if (g == null) {
            return;
        }
        try {
            g.run();
        } catch (RuntimeException e) {
            log.warn("the goodbye of an upgraded connection from {} failed; closing it", remote, e);
            abort();
        }
    }

    /** Whether a close began (by the protocol, a failure, or the worker). */
    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Parks until the connection is closed, by whoever closes it. */
    void awaitClosed() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the connection's thread: nothing but a close ends this wait
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public String toString() {
        return "upgraded connection from " + remote;
    }
}
