package io.junicorn.worker.nio;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.engine.EngineConfig;
import io.junicorn.worker.WorkerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One selector thread of the {@code nio} worker and the connections it owns for their whole life. It
 * accepts on the shared listeners, reads and parses request heads ({@code Http1Connection.readAvailableHead},
 * never blocking), serves a request itself when the application answers it without blocking
 * ({@code io.junicorn.app.NonBlockingHandler}), hands every other one to a virtual thread
 * ({@link NioWorker#runRequest}) and takes the connection back after the response; it flushes queued output and wakes request threads that wait
 * for bytes ({@link LoopTransport}). Connections wait in a deadline order: the header timeout in a head,
 * keep-alive between requests, the linger of a graceful close. Other threads talk to it only through
 * {@link #execute}.
 */
final class EventLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** A connection idle this long between requests gives its buffers back (Http1Connection.releaseBuffers). */
    private static final long RELEASE_BUFFERS_NANOS = 1_000_000_000L;
    /**
     * Most connections a loop accepts per readiness of a listener. Every worker's loops wait on the same
     * listeners and all wake when connections arrive; a loop that took the whole queue would end up with most
     * of a burst of clients (63 of 64 wrk connections in one of 2 workers, measured) while the others idle.
     * Taking one at a time, as nginx without multi_accept does, shares them out.
     */
    private static final int ACCEPT_BATCH = 1;
    /** Most pipelined requests of one connection served on the loop before its other connections get a turn. */
    private static final int INLINE_BATCH = 64;

    private final NioWorker worker;
    private final WorkerContext context;
    private final EngineConfig engine;
    private final Selector selector;
    private final List<SelectionKey> listenerKeys = new ArrayList<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Set<LoopConnection> connections = new HashSet<>();
    private final TreeSet<LoopConnection> byDeadline = new TreeSet<>(
            Comparator.<LoopConnection>comparingLong(c -> c.until).thenComparingLong(c -> c.order));
    private final ByteBuffer scratch = ByteBuffer.allocate(16 * 1024);
    private long waits;
    private volatile Thread thread;
    /** When this loop last went round (nanoTime): the worker ticks the heartbeat only while every loop turns. */
    private volatile long lastTurnNanos = System.nanoTime();

    EventLoop(NioWorker worker, WorkerContext context, EngineConfig engine) throws IOException {
        this.worker = worker;
        this.context = context;
        this.engine = engine;
        this.selector = Selector.open();
        for (ServerSocketChannel listener : context.listeners()) {
            listener.configureBlocking(false);
            listenerKeys.add(listener.register(selector, SelectionKey.OP_ACCEPT));
        }
    }

    long lastTurnNanos() {
        return lastTurnNanos;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop's thread soon; from any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            wakeup();
        }
    }

    void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try (selector) {
            while (!context.stopping()) {
                turn();
            }
            listenerKeys.forEach(SelectionKey::cancel);
            rewaitIdle();
            goAwayHttp2();
            // drained is set after the drain queued its last adopt task, so read first it makes those tasks visible:
            // a loop that left with one queued would adopt the connection after its last turn and never serve it
            while (!(worker.drained() && tasks.isEmpty() && connections.isEmpty())
                    && System.nanoTime() - context.stopDeadlineNanos() < 0) {
                turn();
            }
        } catch (IOException | RuntimeException e) {
            log.error("event loop failed; closing its {} connections", connections.size(), e);
        } finally {
            for (LoopConnection c : List.copyOf(connections)) {
                c.transport.abort(); // the graceful timeout is over, or the loop failed
            }
            runTasks();
        }
    }

    /** One round: tasks, accept below the cap, wait, dispatch, expire. */
    private void turn() throws IOException {
        lastTurnNanos = System.nanoTime();
        wakeupPending.set(false);
        runTasks();
        watchListenersBelowCap();
        selector.select(this::ready, millisUntilNext(System.nanoTime(), context.tickMillis()));
        runTasks();
        expire(System.nanoTime());
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("event loop task failed", e);
            }
        }
    }

    private void ready(SelectionKey key) {
        if (key.channel() instanceof ServerSocketChannel listener) {
            acceptAvailable(listener);
            return;
        }
        LoopConnection c = (LoopConnection) key.attachment();
        if (key.isValid() && key.isWritable()) {
            c.transport.flush();
        }
        if (key.isValid() && key.isReadable()) {
            readable(c);
        }
    }

    /** Listeners are selected only while a connection may be opened, so the cap leaves others queued. */
    private void watchListenersBelowCap() {
        int interest = !context.stopping() && context.openConnections() < context.workerConnections()
                ? SelectionKey.OP_ACCEPT : 0;
        for (SelectionKey key : listenerKeys) {
            if (key.isValid() && key.interestOps() != interest) {
                key.interestOps(interest);
            }
        }
    }

    private void acceptAvailable(ServerSocketChannel listener) {
        // a stop begun in this round (a request served on this loop) leaves the rest to the drain or a successor
        for (int accepted = 0; accepted < ACCEPT_BATCH && !context.stopping() && context.reserveConnection(); accepted++) {
            SocketChannel channel = context.accept(listener);
            if (channel == null) {
                context.connectionClosed();
                return;
            }
            adopt(channel);
        }
    }

    /** Takes a new connection, already counted (accepted here, or by the worker draining the listen queues). */
    void adopt(SocketChannel channel) {
        LoopConnection c = new LoopConnection(channel, this, context, engine);
        connections.add(c);
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            log.debug("could not make a new connection non-blocking: {}", e.toString());
            c.transport.close();
            return;
        }
        // the first request often came with the connection: a client that closes after its answer is
        // then served without ever being registered with the selector (no epoll_ctl)
        serveHeads(c);
    }

    /** Registers a connection with the selector the first time it has to wait for something. */
    private void watch(LoopConnection c) {
        if (c.transport.isRegistered() || c.transport.isClosed()) {
            return;
        }
        try {
            c.transport.registered(c.channel.register(selector, 0, c));
        } catch (IOException e) {
            log.debug("could not watch a connection: {}", e.toString());
            c.transport.abort();
        }
    }

    private void readable(LoopConnection c) {
        if (c.transport.isEnding()) {
            if (c.transport.discardInput(scratch)) {
                unwait(c);
            }
            return;
        }
        if (c.serving) {
            c.transport.readableForThread();
            return;
        }
        unwait(c);
        serveHeads(c);
    }

    /**
     * Reads the heads that have arrived and serves their requests: here, one after the other, those the
     * application answers without blocking ({@link NioWorker#startOnLoop}); the first other one goes to a
     * request thread with the rest of the connection. A connection that pipelines without end gets
     * {@link #INLINE_BATCH} requests per turn, then waits its turn behind the loop's other connections.
     */
    private void serveHeads(LoopConnection c) {
        serveHeadsUntilWait(c);
        watch(c);
    }

    private void serveHeadsUntilWait(LoopConnection c) {
        for (int served = 0; served < INLINE_BATCH; served++) {
            if (!c.http.readAvailableHead()) {
                return; // ended: closed, or closing after a refused head
            }
            if (c.http.switchedToHttp2()) {
                lend(c);
                worker.serveHttp2(c, this);
                return;
            }
            if (!c.http.requestReady()) {
                waitUntil(c, c.http.parkedUntilNanos());
                return;
            }
            Function<HttpExchange, CompletionStage<?>> start = worker.startOnLoop(c);
            if (start == null) {
                lend(c);
                worker.runRequest(c, this);
                return;
            }
            CompletableFuture<Boolean> answered = c.http.serveReady(start);
            if (!answered.isDone()) { // an asynchronous application answers later, from another thread
                lend(c);
                answered.thenAccept(open -> execute(() -> served(c, open)));
                return;
            }
            if (!answered.join() || c.transport.isClosed() || c.transport.isEnding()) {
                return;
            }
            if (c.http.upgraded()) { // a 101 answered here: the protocol's thread reads from now on
                lend(c);
                worker.serveUpgraded(c, this);
                return;
            }
            if (c.http.idle()) {
                awaitNext(c);
                return;
            }
        }
        execute(() -> {
            if (!c.transport.isClosed() && !c.transport.isEnding()) {
                serveHeads(c);
            }
        });
    }

    /** Another thread owns the connection until {@link #served}: the loop reads none of its bytes meanwhile. */
    private void lend(LoopConnection c) {
        c.serving = true;
        c.transport.loopReads(false);
    }

    /**
     * On the loop's thread, once a request's thread, or the thread that completed an asynchronous
     * application's stage, gave the connection back.
     */
    void served(LoopConnection c, boolean open) {
        c.serving = false;
        if (!open || c.transport.isClosed() || c.transport.isEnding()) {
            return;
        }
        if (c.http.upgraded()) { // an asynchronous application's 101
            lend(c);
            worker.serveUpgraded(c, this);
            return;
        }
        c.transport.loopReads(true);
        if (c.http.idle()) {
            awaitNext(c);
        } else {
            serveHeads(c); // a head has begun, or pipelined requests are buffered: no readiness announces them
        }
    }

    /**
     * The connection waits for its next request (until the keep-alive timeout, shorter while the worker
     * retires), or for the rest of a head.
     */
    private void awaitNext(LoopConnection c) {
        long until = c.http.parkedUntilNanos();
        if (!c.http.idle()) {
            waitUntil(c, until); // the header timeout of a head that has begun
            return;
        }
        long release = c.http.idleSinceNanos() + RELEASE_BUFFERS_NANOS;
        waitUntil(c, release - until < 0 ? release : until);
    }

    /** A close began: the connection finishes it by {@code until}, later only while its output moves. */
    void ending(LoopConnection c, long until) {
        if (!c.transport.isClosed()) {
            c.transport.madeProgress();
            waitUntil(c, until);
        }
    }

    /** The connection's channel was closed (by anyone): forget it. */
    void closed(LoopConnection c) {
        if (connections.remove(c)) {
            unwait(c);
            context.connectionClosed();
            worker.connectionClosed();
        }
    }

    /**
     * When the worker starts to retire: connections that wait between requests get
     * {@link io.junicorn.engine.Http1Connection#CLOSING_IDLE_MILLIS} for one more request, answered with
     * Connection: close, then close gracefully (expire); busy ones close after their response.
     */
    private void rewaitIdle() {
        for (LoopConnection c : List.copyOf(byDeadline)) {
            if (!c.serving && !c.transport.isEnding() && c.http.idle()) {
                long until = c.http.parkedUntilNanos();
                waitUntil(c, c.until - until < 0 ? c.until : until);
            }
        }
    }

    /**
     * When the worker starts to retire: every HTTP/2 connection sends GOAWAY, its streams in flight finish, and
     * it closes after them. On virtual threads: the GOAWAY may wait behind a stream's write to a slow reader,
     * whose output this loop must keep flushing meanwhile.
     */
    private void goAwayHttp2() {
        long now = System.nanoTime();
        for (LoopConnection c : connections) {
            if (c.http.switchedToHttp2()) {
                Thread.ofVirtual().name("junicorn-h2-goaway").start(() -> c.http.closeIfDrained(now));
            }
        }
    }

    private void expire(long now) {
        while (!byDeadline.isEmpty() && byDeadline.first().until - now <= 0) {
            LoopConnection c = byDeadline.pollFirst();
            c.waiting = false;
            if (c.transport.hasQueuedOutput() && c.transport.madeProgress()) {
                // the last response is still leaving for a slow reader: idle only counts once it is out
                waitUntil(c, now + Math.max(engine.keepAliveTimeoutMillis(), 1_000) * 1_000_000L);
            } else if (c.transport.isEnding()) {
                c.transport.abort();
            } else if (c.http.idle() && c.http.parkedUntilNanos() - now > 0) {
                c.http.releaseBuffers(); // idle a while: the keep-alive wait goes on without them
                waitUntil(c, c.http.parkedUntilNanos());
            } else {
                c.http.closeParked();
            }
        }
    }

    private void waitUntil(LoopConnection c, long until) {
        unwait(c);
        c.until = until;
        c.order = waits++;
        c.waiting = true;
        byDeadline.add(c);
    }

    private void unwait(LoopConnection c) {
        if (c.waiting) {
            byDeadline.remove(c);
            c.waiting = false;
        }
    }

    /** Milliseconds until the next wait ends, at most {@code max}; at least 1. */
    private long millisUntilNext(long now, long max) {
        if (byDeadline.isEmpty()) {
            return max;
        }
        long left = byDeadline.first().until - now;
        return left >= max * 1_000_000L ? max : Math.max(1, (left + 999_999) / 1_000_000L);
    }
}
