package io.junicorn.worker;

import io.junicorn.common.settings.Registry;
import io.junicorn.engine.EngineConfig;
import io.junicorn.engine.Http1Connection;
import io.junicorn.worker.ParkedConnections.Parked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * gunicorn's gthread worker: a pool of --threads platform threads runs requests; one selector thread (the
 * main thread) owns the listeners and every connection between requests. A connection goes to the pool
 * only once bytes of a head have arrived, and comes back after its response unless pipelined bytes wait
 * in its buffer; a head that arrives in pieces comes back between the pieces. So idle keep-alive
 * connections and slow clients hold no thread (gunicorn 25.2 only parks a connection that sent nothing
 * for 5 s; a client sending half a head still holds a thread there). Connections wait in the selector up
 * to --keep-alive between requests and up to the header timeout for a head. At most --worker-connections
 * are open; at that count the listeners are left alone, so others wait in the listen queue where another
 * worker may take them. The selector thread ticks the heartbeat, so --timeout catches a stalled selector,
 * not a slow request.
 */
public final class ThreadPoolWorker implements WorkerClass {
    private static final Logger log = LoggerFactory.getLogger(ThreadPoolWorker.class);

    private final List<Thread> requestThreads = new CopyOnWriteArrayList<>();
    /** Connections the request threads handed back, to be parked again by the selector thread. */
    private final Queue<Parked> handedBack = new ConcurrentLinkedQueue<>();
    private final ParkedConnections parked = new ParkedConnections();
    private List<Parked> readable = new ArrayList<>();
    private final List<SelectionKey> listenerKeys = new ArrayList<>();
    private WorkerContext context;
    private EngineConfig engine;
    private Selector selector;
    private ExecutorService pool;

    @Override
    public Iterable<Thread> requestThreads() {
        return requestThreads;
    }

    @Override
    public void serve(WorkerContext context) throws IOException {
        this.context = context;
        // a connection goes to the pool per request; an HTTP/2 connection would hold a pool thread for its life
        EngineConfig configured = context.engineConfig(true);
        this.engine = configured.withHttp2(configured.http2().disabled());
        int threads = context.settings().integer(Registry.THREADS);
        ThreadFactory factory = Thread.ofPlatform().name("junicorn-thread-", 0).factory();
        pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = factory.newThread(task);
            requestThreads.add(thread);
            return thread;
        });
        try (Selector selector = context.openAcceptSelector()) {
            this.selector = selector;
            listenerKeys.addAll(selector.keys());
            context.onStop(selector::wakeup);
            while (!context.stopping()) {
                turn();
            }
            if (context.drainsListenQueues()) {
                drainListenQueues();
            }
            listenerKeys.forEach(SelectionKey::cancel);
            listenerKeys.clear();
            finishConnections();
        } finally {
            pool.shutdownNow();
        }
    }

    /** One round of the selector thread: tick, take connections back, wait, dispatch, expire. */
    private void turn() throws IOException {
        context.tick();
        parkHandedBack();
        watchListenersBelowCap();
        long now = System.nanoTime();
        selector.select(this::ready, parked.millisUntilNext(now, context.tickMillis()));
        dispatchReadable();
        closeExpired();
    }

    /**
     * Closes the connections whose wait ended. One that closes gracefully (idle while the worker retires)
     * lingers on a virtual thread of its own, in blocking mode, once the selector has dropped its key.
     */
    private void closeExpired() throws IOException {
        List<Parked> lingering = List.of(); // most turns expire nothing: no list then
        for (Parked p : parked.removeExpired(System.nanoTime())) {
            if (p.connection.closesGracefully()) {
                if (lingering.isEmpty()) {
                    lingering = new ArrayList<>();
                }
                lingering.add(p);
            } else {
                close(p);
            }
        }
        if (!lingering.isEmpty()) {
            selector.selectNow(this::ready);
            for (Parked p : lingering) {
                Thread.ofVirtual().name("junicorn-linger").start(() -> {
                    close(p);
                    selector.wakeup(); // a stopping worker waits for its last connections
                });
            }
        }
    }

    private void ready(SelectionKey key) {
        if (key.channel() instanceof ServerSocketChannel listener) {
            acceptAvailable(listener);
        } else {
            Parked p = (Parked) key.attachment();
            parked.remove(p);
            readable.add(p);
        }
    }

    /** Listeners are selected only while a connection may be opened, so the cap leaves others queued. */
    private void watchListenersBelowCap() {
        int interest = context.openConnections() < context.workerConnections() ? SelectionKey.OP_ACCEPT : 0;
        for (SelectionKey key : listenerKeys) {
            if (key.interestOps() != interest) {
                key.interestOps(interest);
            }
        }
    }

    private void acceptAvailable(ServerSocketChannel listener) {
        while (context.openConnections() < context.workerConnections() && acceptOne(listener)) {
            // until the listen queue is empty or the cap is reached
        }
    }

    private boolean acceptOne(ServerSocketChannel listener) {
        SocketChannel channel = context.accept(listener);
        if (channel == null) {
            return false;
        }
        context.connectionOpened();
        Parked p = new Parked(channel, new Http1Connection(channel, context.handler(), engine, context));
        try {
            channel.configureBlocking(false);
            park(p);
        } catch (IOException e) {
            log.debug("could not watch a new connection: {}", e.toString());
            close(p);
        }
        return true;
    }

    private void park(Parked p) throws IOException {
        parked.add(p, p.channel.register(selector, SelectionKey.OP_READ, p));
    }

    /**
     * Hands the readable connections to the pool. Their keys are cancelled; a channel may only switch to
     * blocking mode once the selector has dropped it, which the selectNow here does (and it may find more
     * readable connections, handed over in the next pass).
     */
    private void dispatchReadable() throws IOException {
        while (!readable.isEmpty()) {
            List<Parked> batch = readable;
            readable = new ArrayList<>();
            selector.selectNow(this::ready);
            for (Parked p : batch) {
                pool.execute(() -> serveAvailable(p));
            }
        }
    }

    /** On a request thread. */
    private void serveAvailable(Parked p) {
        if (p.connection.serveAvailable()) {
            handedBack.add(p);
        } else {
            context.connectionClosed();
        }
        selector.wakeup(); // to park it again, or to accept again below the cap
    }

    private void parkHandedBack() {
        Parked p;
        while ((p = handedBack.poll()) != null) {
            try {
                park(p);
            } catch (IOException e) {
                log.debug("could not watch a connection again: {}", e.toString());
                close(p);
            }
        }
    }

    private void close(Parked p) {
        p.connection.closeParked();
        context.connectionClosed();
    }

    /** Connections the kernel queued before the stop began get served, not reset (gunicorn issue 3397). */
    private void drainListenQueues() {
        for (SelectionKey key : listenerKeys) {
            ServerSocketChannel listener = (ServerSocketChannel) key.channel();
            while (System.nanoTime() - context.stopDeadlineNanos() < 0 && acceptOne(listener)) {
                context.tick();
            }
        }
    }

    /**
     * Busy connections close after their current response (closeAfterResponse is true while stopping), new
     * ones after their first; idle keep-alive ones wait {@link Http1Connection#CLOSING_IDLE_MILLIS} more for
     * one more request, then close gracefully. The graceful timeout bounds the wait.
     */
    private void finishConnections() throws IOException {
        parked.rewaitIdle();
        while (context.openConnections() > 0 && System.nanoTime() - context.stopDeadlineNanos() < 0) {
            turn();
        }
    }
}
