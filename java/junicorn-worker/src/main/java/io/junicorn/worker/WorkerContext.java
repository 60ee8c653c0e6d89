package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.junicorn.common.WorkerState;
import io.junicorn.common.settings.Registry;
import io.junicorn.engine.ConnectionListener;
import io.junicorn.engine.EngineConfig;
import io.junicorn.engine.Http2Config;
import io.junicorn.engine.ProxySettings;
import io.junicorn.engine.UpgradedHttp1Connection;
import io.junicorn.engine.tls.TlsServer;
import io.junicorn.http.AddressList;
import io.junicorn.http.ForwardedHeaders;
import io.junicorn.http.ParserOptions;
import io.junicorn.http.ProxyProtocolParser;
import io.junicorn.worker.jdkhttp.WorkerServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a worker class works with: the listeners, the application, and the worker's lifecycle (ticks,
 * request counts, the graceful stop). Shared by every connection of the worker.
 */
public final class WorkerContext implements ConnectionListener {
    private static final Logger log = LoggerFactory.getLogger(WorkerContext.class);
    static final int HEADER_TIMEOUT_MILLIS = 10_000;

    private final List<ServerSocketChannel> listeners;
    private final HttpHandler handler;
    private final WorkerConfig config;
    private final HeartbeatSlot heartbeat;
    private final List<RequestObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong openConnections = new AtomicLong();
    /** Connections taken over after a 101 and still open (WebSocket sessions and the like). */
    private final Set<UpgradedHttp1Connection> upgraded = ConcurrentHashMap.newKeySet();
    /** Where each upgraded connection's goodbye runs when the worker retires: it may wait for its peer. */
    private final ThreadFactory goodbyes = Thread.ofVirtual().name("junicorn-goodbye-", 0).factory();
    private volatile boolean stopping;
    private volatile long stopDeadlineNanos;
    private volatile long stopBeganNanos;
    private volatile boolean recycling;
    private volatile Runnable wakeup = () -> { };
    /** Opened by the master's USR2 (a spare is called to serve) or by a stop. */
    private final CountDownLatch called = new CountDownLatch(1);
    private final TlsServer tls;
    private final boolean abandonsRequests;

    /** @param tls how every listener speaks TLS (certfile set), or null for plain HTTP */
    WorkerContext(List<ServerSocketChannel> listeners, HttpHandler handler, WorkerConfig config, HeartbeatSlot heartbeat,
                  TlsServer tls) {
        this.tls = tls;
        this.listeners = listeners;
        this.handler = handler;
        this.config = config;
        this.heartbeat = heartbeat;
        this.abandonsRequests = config.settings().millis(Registry.REQUEST_TIMEOUT) > 0;
    }

    public List<ServerSocketChannel> listeners() {
        return listeners;
    }

    /** A selector with every listener registered for accept, non-blocking, for a worker class's accept loop. */
    public Selector openAcceptSelector() throws IOException {
        Selector selector = Selector.open();
        for (ServerSocketChannel listener : listeners) {
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        }
        return selector;
    }

    /** Every setting in force, as the master resolved them (Registry names them). */
    public io.junicorn.common.settings.Config settings() {
        return config.settings();
    }

    public HttpHandler handler() {
        return handler;
    }

    public EngineConfig engineConfig(boolean keepAlive) {
        io.junicorn.common.settings.Config s = config.settings();
        ParserOptions parser = new ParserOptions(s.integer(Registry.LIMIT_REQUEST_LINE),
                s.integer(Registry.LIMIT_REQUEST_FIELDS), s.integer(Registry.LIMIT_REQUEST_FIELD_SIZE),
                s.flag(Registry.PERMIT_OBSOLETE_FOLDING), s.flag(Registry.CASEFOLD_HTTP_METHOD),
                ParserOptions.headerMap(s.string(Registry.HEADER_MAP)), s.flag(Registry.STRIP_HEADER_SPACES),
                s.flag(Registry.PERMIT_UNCONVENTIONAL_HTTP_METHOD), s.flag(Registry.PERMIT_UNCONVENTIONAL_HTTP_VERSION),
                s.flag(Registry.PERMIT_UNESCAPED_TARGET));
        return new EngineConfig(keepAlive, config.keepAliveMillis(), HEADER_TIMEOUT_MILLIS, "junicorn", parser,
                proxySettings(s), tls, http2(s));
    }

    /** HTTP/2 as configured; the sync and gthread workers turn it off (docs/http.md, "HTTP/2"). */
    private static Http2Config http2(io.junicorn.common.settings.Config s) {
        return new Http2Config(s.string(Registry.HTTP_PROTOCOLS).contains("h2"),
                s.integer(Registry.HTTP2_MAX_CONCURRENT_STREAMS), s.integer(Registry.HTTP2_INITIAL_WINDOW_SIZE),
                s.integer(Registry.HTTP2_MAX_FRAME_SIZE), s.integer(Registry.HTTP2_MAX_HEADER_LIST_SIZE),
                s.integer(Registry.HTTP2_MAX_OVERHEAD_FRAMES));
    }

    private static ProxySettings proxySettings(io.junicorn.common.settings.Config s) {
        ForwardedHeaders forwarded = new ForwardedHeaders(AddressList.parse(s.string(Registry.FORWARDED_ALLOW_IPS)),
                ForwardedHeaders.schemeHeaders(s.string(Registry.SECURE_SCHEME_HEADERS)));
        return new ProxySettings(ProxyProtocolParser.Mode.of(s.string(Registry.PROXY_PROTOCOL)),
                AddressList.parse(s.string(Registry.PROXY_ALLOW_IPS)), forwarded);
    }

    public int workerConnections() {
        return config.workerConnections();
    }

    public long tickMillis() {
        return config.tickMillis();
    }

    public void tick() {
        heartbeat.tick();
    }

    public boolean stopping() {
        return stopping;
    }

    /**
     * Whether a stopping worker accepts what is left in the listen queues before it exits. Yes when the
     * master stops or is gone (nobody else would, and the queue dies with the last copy of the listener);
     * no when the worker retires on its own (max_requests, a stuck thread): the master lives on with the
     * listeners and spawns a successor, whose connections these are. Draining then served request N+1 of a
     * worker told to serve N, whenever the client was quicker than the worker's exit.
     */
    public boolean drainsListenQueues() {
        return !recycling;
    }

    /** Nanos (System.nanoTime) after which a stopping worker stops waiting for its connections. */
    public long stopDeadlineNanos() {
        return stopDeadlineNanos;
    }

    /** Lets a worker class's accept loop be woken at once when a stop begins. */
    public void onStop(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    public void connectionOpened() {
        heartbeat.connections(openConnections.incrementAndGet());
    }

    /**
     * Counts a connection about to be accepted if one more fits under --worker-connections: for accept
     * loops on several threads, which may not check and then count. False at the cap; a reserved
     * connection that was not accepted after all is given back with {@link #connectionClosed()}.
     */
    public boolean reserveConnection() {
        int cap = workerConnections();
        long open;
        do {
            open = openConnections.get();
            if (open >= cap) {
                return false;
            }
        } while (!openConnections.compareAndSet(open, open + 1));
        heartbeat.connections(open + 1);
        return true;
    }

    public void connectionClosed() {
        heartbeat.connections(openConnections.decrementAndGet());
    }

    public long openConnections() {
        return openConnections.get();
    }

    /**
     * A spare (spare_workers), booted: says so in its heartbeat and waits, accepting nothing, until the master
     * calls it to serve or it is stopped first. Its heartbeat keeps ticking, so --timeout watches it as it
     * watches a serving worker. Returns whether to serve.
     */
    boolean standBy() {
        heartbeat.state(WorkerState.SPARE);
        log.info("Booted as a spare (pid: {}): serving once the master needs it", ProcessHandle.current().pid());
        try {
            while (!called.await(Math.min(1000, tickMillis()), TimeUnit.MILLISECONDS)) {
                heartbeat.tick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (stopping) {
            return false;
        }
        log.info("Spare worker (pid: {}) called to serve", ProcessHandle.current().pid());
        return true;
    }

    /** USR2 from the master: a spare standing by serves now; any other worker has nothing to do. */
    void callToServe() {
        called.countDown();
    }

    /** TERM, a changed parent: stop accepting, serve the listen queue, finish what was accepted, exit 0. */
    void beginGracefulStop(String reason) {
        beginGracefulStop(reason, false);
    }

    /** max-requests, a stuck thread: stop accepting, finish what was accepted, exit 0; a successor serves the rest. */
    void retire(String reason) {
        beginGracefulStop(reason, true);
    }

    private void beginGracefulStop(String reason, boolean recycle) {
        synchronized (this) {
            if (stopping) {
                // a TERM during a retirement: the master may be stopping, and a TERMed worker drains as always
                recycling &= recycle;
                return;
            }
            recycling = recycle;
            stopBeganNanos = System.nanoTime();
            stopDeadlineNanos = stopBeganNanos + config.gracefulTimeoutMillis() * 1_000_000L;
            stopping = true;
        }
        log.info(reason);
        heartbeat.state(WorkerState.STOPPING);
        called.countDown(); // a spare stopped before it served leaves its wait
        upgraded.forEach(this::sayGoodbye);
        wakeup.run();
        WorkerServers.get().gracefulStopBegan();
    }

    /**
     * An upgraded connection (virtual, nio): kept until it closes, told when the worker retires, aborted when the
     * graceful stop is over. It counts against --worker-connections as the connection it was.
     */
    @Override
    public void connectionUpgraded(UpgradedHttp1Connection connection) {
        upgraded.add(connection);
        if (stopping) {
            sayGoodbye(connection); // upgraded as the stop began: goingAway runs once whoever gets there first
        }
    }

    @Override
    public void upgradedConnectionClosed(UpgradedHttp1Connection connection) {
        upgraded.remove(connection);
    }

    private void sayGoodbye(UpgradedHttp1Connection connection) {
        goodbyes.newThread(connection::goingAway).start();
    }

    /** Upgraded connections open now (the metrics' gauge). */
    public int upgradedConnections() {
        return upgraded.size();
    }

    /** The graceful stop is over: upgraded connections still open are closed at once. */
    public void abortUpgradedConnections() {
        if (!upgraded.isEmpty()) {
            log.info("Closing {} upgraded connections still open after the graceful timeout", upgraded.size());
            upgraded.forEach(UpgradedHttp1Connection::abort);
        }
    }

    /** Adds an observer of every request; WorkerMain registers them before the worker reports ready. */
    public void observe(RequestObserver observer) {
        observers.add(observer);
    }

    @Override
    public void requestStarted(HttpExchange exchange) {
        if (started.incrementAndGet() == config.maxRequests()) {
            retire("Autorestarting worker after current request.");
        }
        for (RequestObserver observer : observers) {
            try {
                observer.requestStarted(exchange);
            } catch (RuntimeException e) {
                log.error("{} failed before {} {}: {}", observer, exchange.getRequestMethod(),
                        exchange.getRequestURI(), e.toString(), e);
            }
        }
    }

    @Override
    public void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
        heartbeat.requests(finished.incrementAndGet());
        for (RequestObserver observer : observers) {
            try {
                observer.requestFinished(exchange, bodyBytes, durationNanos);
            } catch (RuntimeException e) {
                log.error("{} failed after {} {}: {}", observer, exchange.getRequestMethod(),
                        exchange.getRequestURI(), e.toString(), e);
            }
        }
    }

    /**
     * The next connection on {@code listener}, or null when none is queued or the accept failed. Out of file
     * descriptors (EMFILE, ENFILE: an application that leaks them), only a new process helps: the worker
     * retires, serving what it has, and the queued connection waits for the others. Any other failure (a
     * connection reset while queued) is the client's.
     */
    public SocketChannel accept(ServerSocketChannel listener) {
        try {
            return listener.accept();
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("open files")) { // EMFILE "Too many", ENFILE "in system"
                if (!stopping) {
                    log.error("Worker cannot accept: {}; retiring so that the master starts a fresh one", e.getMessage());
                    retire("Worker retiring: out of file descriptors");
                }
            } else {
                log.debug("accept failed: {}", e.toString());
            }
            return null;
        }
    }

    @Override
    public void unrecoverableError(VirtualMachineError error) {
        retire("Worker retiring after " + error + "; its other requests finish first");
    }

    @Override
    public boolean closeAfterResponse() {
        return stopping;
    }

    @Override
    public long closingSinceNanos() {
        return stopBeganNanos;
    }

    /** True with --request-timeout: its watchdog (RequestWatchdog) abandons requests. */
    @Override
    public boolean abandonsRequests() {
        return abandonsRequests;
    }
}
