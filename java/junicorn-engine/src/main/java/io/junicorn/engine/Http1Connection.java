package io.junicorn.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.junicorn.http.BodyDecoder;
import io.junicorn.http.ChunkedDecoder;
import io.junicorn.http.FixedLengthDecoder;
import io.junicorn.engine.tls.TlsSession;
import io.junicorn.http.Http2Exception;
import io.junicorn.http.HttpException;
import io.junicorn.http.HttpVersion;
import io.junicorn.http.RequestHead;
import io.junicorn.http.ResponseEncoder;
import io.junicorn.http.ResponseGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One HTTP/1.1 connection over a blocking TCP or unix-domain socket: read a head, run the handler,
 * finish the response, drain what the handler left of the body, repeat (helidon's
 * {@code Http1Connection.handle}). Runs on a platform or a virtual thread; the only other threads that
 * touch it are the one calling {@link #closeIfIdle()}, one abandoning the current exchange (the request
 * timeout: see Http1Exchange), and, for a unix-domain socket, the {@link ReadDeadlines} thread, which
 * closes the channel when a read times out.
 *
 * <p>Two ways to drive it: {@link #run()} serves until the connection ends, waiting for each next request
 * on its thread; {@link #serveAvailable()} serves only what has arrived and hands the connection back to
 * its caller's selector whenever it would have to wait for a head (the gthread worker's model, so idle
 * and slow clients hold no thread). An event loop also reads heads itself ({@link #readAvailableHead()},
 * never blocking) and calls serveAvailable on another thread only once a request is ready. A connection
 * is driven one way for its whole life. Its bytes go through a {@link Transport}: the channel itself
 * unless the constructor is given another, with TLS layered over it when the listener serves TLS
 * ({@link TlsTransport}), whatever drives the connection.
 */
public final class Http1Connection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Http1Connection.class);

    /** gunicorn drains an unread body this far before reusing the connection. */
    private static final int DRAIN_LIMIT = 64 * 1024;
    /** serveReady's answers when the request ended on the caller's thread. */
    private static final CompletableFuture<Boolean> OPEN = CompletableFuture.completedFuture(true);
    private static final CompletableFuture<Boolean> ENDED = CompletableFuture.completedFuture(false);
    /** What a synchronous handler's call gives back once it returned. */
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** How long a closing connection reads what the peer still sends (see ConnectionIo.closeGracefully). */
    private static final int LINGER_MILLIS = 1000;

    /**
     * How long a connection idle between requests still waits for one more once its worker retires (HUP,
     * TTOU, max-requests, TERM: {@link ConnectionListener#closeAfterResponse()}). A kept-alive client may
     * have sent its next request already, or be about to: it gets an answer with {@code Connection: close}
     * instead of a connection closed under it. A client silent that long is idle for real; the connection
     * then closes gracefully (our FIN first, then what still arrives is read and dropped), and the client
     * opens its next one elsewhere, as it would after a keep-alive timeout.
     */
    public static final int CLOSING_IDLE_MILLIS = 1000;
    private static final java.nio.ByteBuffer NOTHING = java.nio.ByteBuffer.allocate(0);

    /** Where the connection is between its requests; changed by compare-and-set (closeIfDrained's thread too). */
    private enum Phase {
        /** Accepted; its first head has not been read. */
        FRESH,
        /** Reading a head or serving a request. */
        BUSY,
        /** Between requests, waiting for the next one. */
        IDLE,
        /** An idle connection whose worker retires ended our output (closeIfDrained): it closes gracefully. */
        DRAINED,
        CLOSED
    }

    private final SocketChannel channel;
    /** The raw transport given, wrapped in TLS by {@link #openIo} when the listener serves TLS. */
    private volatile Transport transport;
    private final HttpHandler handler;
    private final EngineConfig config;
    private final ConnectionListener listener;
    private final AtomicReference<Phase> state = new AtomicReference<>(Phase.FRESH);
    private final long startNanos = System.nanoTime();
    private final HeadReader heads;
    private final ResponseEncoder encoder = new ResponseEncoder();
    private final ResponseGenerator generator = new ResponseGenerator(encoder);
    private final FixedLengthDecoder fixedDecoder = new FixedLengthDecoder(0);
    private final ChunkedDecoder chunkedDecoder;
    private final PeerIdentity peer;
    private final byte[] serverLine;
    private ConnectionIo io;
    private Http1Context context;
    private boolean linger;
    /** Driven by serveAvailable: never wait for head bytes, hand the connection back instead. */
    private boolean yielding;
    /** Since when the connection waits between requests (nanoTime); read by closeIfDrained's thread. */
    private volatile long idleSince;
    /** When the last request's exchange finished (nanoTime): the keep-alive wait counts from there. */
    private long finishedNanos;
    /** A request whose head readAvailableHead read, for the next serveAvailable. */
    private Request ready;

    /** A parsed request head with what the connection decided about it. */
    private record Request(RequestHead head, URI uri, PeerIdentity.Forwarded forwarded) {
    }
    /** The last request's URI and what it was made from: the next request often has the same target. */
    private URI lastUri;
    private String lastUriTarget;
    private boolean lastUriConnect;

    public Http1Connection(SocketChannel channel, HttpHandler handler, EngineConfig config, ConnectionListener listener) {
        this(channel, new ChannelTransport(channel), handler, config, listener);
    }

    /** A connection whose bytes go through {@code transport}; {@code channel} gives its addresses and options. */
    public Http1Connection(SocketChannel channel, Transport transport, HttpHandler handler, EngineConfig config,
                           ConnectionListener listener) {
        this.channel = channel;
        this.transport = transport;
        this.handler = handler;
        this.config = config;
        this.listener = listener;
        this.serverLine = serverLine(config.serverHeader());
        this.heads = new HeadReader(config.parser(), config.headerTimeoutMillis(), startNanos);
        this.chunkedDecoder = new ChunkedDecoder(config.parser());
        this.peer = new PeerIdentity(channel, config.proxies());
    }

    /** The encoded Server line of the last header seen: every connection of a worker has the same one. */
    private static volatile ServerLine lastServerLine = new ServerLine("", new byte[0]);

    private record ServerLine(String header, byte[] bytes) {
    }

    private static byte[] serverLine(String serverHeader) {
        String header = serverHeader == null ? "" : serverHeader;
        ServerLine last = lastServerLine;
        if (last.header.equals(header)) {
            return last.bytes;
        }
        byte[] bytes = new byte[0];
        if (!header.isEmpty()) {
            ResponseEncoder e = new ResponseEncoder(64);
            e.field("Server", header); // refuses CR/LF here rather than on every response
            bytes = java.util.Arrays.copyOf(e.array(), e.length());
        }
        lastServerLine = new ServerLine(header, bytes);
        return bytes;
    }

    /**
     * The connection's buffers (again, after {@link #releaseBuffers}). The first time, on the connection's
     * thread, a TLS listener's transport is layered with TLS: the session's handshake starts here.
     */
    private void openIo() throws IOException {
        if (config.tls() != null && !(transport instanceof TlsTransport)) {
            transport = new TlsTransport(transport, config.tls().newSession(channel.getRemoteAddress(),
                    config.http2().enabled()));
        }
        io = new ConnectionIo(channel, transport);
    }

    /** Serves requests until the connection ends; never throws; always closes the channel. */
    @Override
    public void run() {
        try {
            openIo();
            while (serveRequest()) {
                // next request on the same connection
            }
        } catch (IOException e) {
            log.debug("connection from {} ended: {}", remoteAddress(), e.toString());
        } catch (Throwable t) {
            log.error("unexpected failure serving a connection from {}", remoteAddress(), t);
        } finally {
            if (!switched()) {
                close();
            }
        }
        if (http2Switch != null) {
            serveHttp2();
        } else if (upgrade != null) {
            serveUpgraded();
        }
    }

    /**
     * Serves the requests whose bytes have arrived, never waiting for the bytes of a head: call it when
     * the channel, in non-blocking mode, is readable (or was just accepted). True when the connection waits
     * for more bytes, between requests or in the middle of a head: the channel is then open, in
     * non-blocking mode, and the caller parks it in its selector until it is readable or
     * {@link #parkedUntilNanos()} passes (then {@link #closeParked()}). False when the connection ended
     * and its channel is closed. Reading a request body and writing a response block as in {@link #run()}.
     * Never throws.
     */
    public boolean serveAvailable() {
        if (!yieldingStep(this::serveBuffered)) {
            return false;
        }
        if (http2Switch != null) { // an HTTP/1.1 request asked for h2c: this thread serves HTTP/2 from now on
            serveHttp2();
            return false;
        }
        if (upgrade != null) { // a 101: this thread is the upgraded connection's reader from now on
            serveUpgraded();
            return false;
        }
        return true;
    }

    /** Serves requests while their bytes are buffered or arrive at once; true when the connection waits. */
    private boolean serveBuffered() throws IOException {
        io.flush(); // responses an event loop held back, before a handler that may take its time
        while (serveRequest()) {
            if (awaitNextInSelector()) {
                return true;
            }
        }
        return heads.pending();
    }

    /**
     * Reads and parses what has arrived of the next request head, never waiting: for an event loop, which
     * then runs the request on another thread with {@link #serveAvailable()} when {@link #requestReady()}.
     * A refused head is answered (with Connection: close) and the connection ends. True while the
     * connection is open: a request is ready, or it waits for more bytes (until {@link #parkedUntilNanos()}).
     * False when it ended. Never throws.
     */
    public boolean readAvailableHead() {
        return yieldingStep(() -> {
            ready = readRequest();
            return ready != null || heads.pending() || http2Switch != null;
        });
    }

    /**
     * Whether the request {@link #readAvailableHead()} read can be served without waiting for input: it expects
     * no {@code 100 Continue} and has no body, or a fixed-length one that is already buffered whole.
     */
    public boolean readyNeedsNoInput() {
        RequestHead head = ready.head();
        return !head.expectContinue() && !head.chunked() && head.contentLength() <= io.in.remaining();
    }

    /** The method of the request {@link #readAvailableHead()} read. */
    public String readyMethod() {
        return ready.head().method();
    }

    /** The target of the request {@link #readAvailableHead()} read. */
    public URI readyUri() {
        return ready.uri();
    }

    /**
     * Serves the request {@link #readAvailableHead()} read, starting it on the calling thread: for an event
     * loop serving a request that {@link #readyNeedsNoInput()} with an application that does not block.
     * {@code start} runs the application and returns a stage that completes once the response is complete
     * (a synchronous handler returns a completed one); the rest of the exchange (a failure's 500, finishing
     * the response) runs on the thread that completes it. The result completes with true while the
     * connection is open, between requests ({@link #idle()}) or with the next request's bytes buffered (left
     * for the next readAvailableHead; this response may be held back until then, as in
     * {@link #serveAvailable()}), and false once it ended. Already complete when the stage was. Never fails.
     */
    public CompletableFuture<Boolean> serveReady(Function<HttpExchange, CompletionStage<?>> start) {
        Request request = ready;
        ready = null;
        Http1Exchange exchange;
        try {
            exchange = beginExchange(request);
        } catch (Throwable t) {
            log.error("unexpected failure serving a connection from {}", remoteAddress(), t);
            close();
            return ENDED;
        }
        CompletableFuture<?> stage = callHandler(exchange, () -> start.apply(exchange));
        if (stage.isDone()) {
            return finishOnLoop(exchange, failureOf(stage)) ? OPEN : ENDED;
        }
        return stage.handle((ignored, thrown) -> finishOnLoop(exchange, unwrap(thrown)));
    }

    private static Throwable failureOf(CompletableFuture<?> done) {
        try {
            done.join();
            return null;
        } catch (CompletionException | CancellationException e) {
            return unwrap(e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** The end of a request {@link #serveReady} started; true while the connection goes on. Never throws. */
    private boolean finishOnLoop(Http1Exchange exchange, Throwable failure) {
        return orClose(() -> {
            if (!endExchange(exchange, failure)) {
                return false;
            }
            awaitNextInSelector();
            return true;
        });
    }

    /**
     * After a response, unless a pipelined request is buffered: the held responses go out and the connection
     * waits for its next request in its owner's selector, not on a thread. True when it does.
     */
    private boolean awaitNextInSelector() throws IOException {
        if (io.hasBufferedInput()) {
            return false;
        }
        io.flush();
        io.awaitInSelector();
        idleSince = finishedNanos;
        state.set(Phase.IDLE);
        return true;
    }

    private interface Step {
        boolean run() throws IOException;
    }

    /** Runs one step of a connection driven from a selector; closes it unless the step says it goes on. */
    private boolean yieldingStep(Step step) {
        yielding = true;
        return orClose(() -> {
            if (io == null) {
                openIo();
            }
            state.compareAndSet(Phase.IDLE, Phase.BUSY);
            return step.run();
        });
    }

    /**
     * Runs {@code step}; closes the connection unless it says the connection goes on, or it switched to HTTP/2 or
     * was upgraded (whose connections close themselves). Never throws.
     */
    private boolean orClose(Step step) {
        try {
            if (step.run() || switched()) {
                return true;
            }
        } catch (IOException e) {
            log.debug("connection from {} ended: {}", remoteAddress(), e.toString());
        } catch (Throwable t) {
            log.error("unexpected failure serving a connection from {}", remoteAddress(), t);
        }
        close();
        return false;
    }

    /** Each stream's request runs on a virtual thread of its own, as an HTTP/1.1 request would on nio or virtual. */
    private static final java.util.concurrent.ThreadFactory STREAM_THREADS = Thread.ofVirtual().name("junicorn-h2-", 0).factory();

    /** Set once the connection speaks HTTP/2: from then on {@link #http2} serves it. */
    private Http2Handover.Switch http2Switch;
    private volatile Http2Connection http2;

    /**
     * Before a new connection's first request: whether it speaks HTTP/2 (then {@link #http2Switch} is set). Where
     * HTTP/2 is off (sync, gthread, http_protocols = h1) the h2c preface gets GOAWAY HTTP_1_1_REQUIRED, and the
     * connection ends: REFUSED.
     */
    private Http2Handover.Start http2Start() throws IOException {
        Http2Handover.Start start = Http2Handover.atStart(tls(), io.in, config.http2());
        switch (start) {
            case HTTP2 -> http2Switch = Http2Handover.Switch.PRIOR_KNOWLEDGE;
            case REFUSED -> {
                log.info("HTTP/2 connection from {} refused: this worker class serves HTTP/1.1 only", remoteAddress());
                io.write(Http2Handover.REFUSAL, 0, Http2Handover.REFUSAL.length);
                io.flush();
                linger = true;
            }
            default -> {
            }
        }
        return start;
    }

    /** An {@code Upgrade: h2c} request is answered 101 and becomes stream 1 (see {@link Http2Handover#upgrade}). */
    private boolean upgradeToH2c(RequestHead head) throws IOException {
        Http2Handover.Switch upgrade = Http2Handover.upgrade(head, tls() != null, config.http2());
        if (upgrade == null) {
            return false;
        }
        io.write(Http2Handover.SWITCHING_PROTOCOLS, 0, Http2Handover.SWITCHING_PROTOCOLS.length);
        io.flush();
        http2Switch = upgrade;
        return true;
    }

    /** The protocol that took the connection over after a 101, or null. */
    private Consumer<UpgradedConnection> upgrade;
    /** The exchange's client, addresses and scheme, which the upgraded connection keeps. */
    private InetSocketAddress upgradedRemote;
    private InetSocketAddress upgradedLocal;
    private boolean upgradedSecure;

    /**
     * After a 101 was sent whole: the request's body read to its end (RFC 9110 §7.8: the protocol begins after
     * it), the 101 written, and {@link #upgrade} set, so that the connection's thread serves it from now on. When
     * the body cannot be read to its end, {@link #upgrade} stays null and the connection closes.
     */
    private void switchProtocols(Consumer<UpgradedConnection> protocol, RequestBody body, Http1Exchange exchange)
            throws IOException {
        if (!body.drain(DRAIN_LIMIT)) {
            linger = true;
            return;
        }
        io.flush();
        upgradedRemote = exchange.getRemoteAddress();
        upgradedLocal = exchange.getLocalAddress();
        upgradedSecure = exchange.scheme().equals("https");
        upgrade = protocol;
    }

    /** Whether the connection is no longer HTTP/1.1's: switched to HTTP/2, or upgraded after a 101. */
    private boolean switched() {
        return http2Switch != null || upgrade != null;
    }

    /** Whether a 101 gave the connection to another protocol: {@link #serveUpgraded()} serves it from now on. */
    public boolean upgraded() {
        return upgrade != null;
    }

    /**
     * Serves the connection an exchange upgraded, once {@link #upgraded()}, on the calling thread, which must be a
     * virtual one (the connection's own under {@link #run()}, one an event loop lent it to): the protocol's
     * {@code accept} runs here and may read for the session's life; when it returns with the connection still
     * open, the thread parks until someone closes it, so that the thread and the connection end together. The
     * listener hears of it before the protocol gets it and once it closed. Never throws.
     */
    public void serveUpgraded() {
        ByteBuffer buffered = ByteBuffer.allocate(io.in.remaining()).put(io.in).flip();
        io = null; // the HTTP buffers (32 KiB) go; what the client sent after the request is the protocol's
        UpgradedHttp1Connection connection = new UpgradedHttp1Connection(transport, buffered, upgradedRemote,
                upgradedLocal, upgradedSecure);
        listener.connectionUpgraded(connection);
        try {
            upgrade.accept(connection);
        } catch (Throwable t) {
            log.error("the protocol of the connection from {} upgraded after its 101 failed; closing it",
                    remoteAddress(), t);
            connection.abort();
        }
        connection.awaitClosed();
        listener.upgradedConnectionClosed(connection);
    }

    /** Whether the connection switched to HTTP/2: {@link #serveHttp2()} serves it from now on. */
    public boolean switchedToHttp2() {
        return http2Switch != null;
    }

    /**
     * Serves the connection as HTTP/2 until it ends, on the calling thread, once {@link #switchedToHttp2()}:
     * its own thread under {@link #run()}, a virtual thread an event loop lent it to. Never throws; closes.
     */
    public void serveHttp2() {
        try {
            http2 = Http2Connection.create(transport, io.in, peer, tls(), config, handler, context(), listener,
                    task -> STREAM_THREADS.newThread(task).start(), http2Switch.upgradedRequest(),
                    http2Switch.upgradeSettings());
        } catch (Http2Exception e) {
            log.warn("h2c upgrade from {} refused: {}", remoteAddress(), e.reason());
            close();
            return;
        }
        http2.run();
    }

    /** Whether {@link #readAvailableHead()} read a complete head that serveAvailable will serve first. */
    public boolean requestReady() {
        return ready != null;
    }

    /**
     * When a connection parked by {@link #serveAvailable()} has waited long enough (nanoTime): the
     * keep-alive timeout after its last response, or the header timeout of the head it has not finished
     * (counted from its accept for a new connection).
     */
    public long parkedUntilNanos() {
        if (state.get() == Phase.IDLE) {
            return idleUntilNanos(idleSince);
        }
        return heads.deadline();
    }

    /**
     * When a connection idle since {@code idleStart} stops waiting for its next request: the keep-alive
     * timeout, or sooner once its worker retires ({@link #CLOSING_IDLE_MILLIS}).
     */
    private long idleUntilNanos(long idleStart) {
        long keepAlive = idleStart + config.keepAliveTimeoutMillis() * 1_000_000L;
        if (!listener.closeAfterResponse()) {
            return keepAlive;
        }
        long closingSince = listener.closingSinceNanos();
        long drained = (closingSince - idleStart > 0 ? closingSince : idleStart) + CLOSING_IDLE_MILLIS * 1_000_000L;
        return drained - keepAlive < 0 ? drained : keepAlive;
    }

    /** Since when a connection waits between requests (nanoTime); meaningful while {@link #idle()}. */
    public long idleSinceNanos() {
        return idleSince;
    }

    /**
     * Drops the read and write buffers (32 KiB) of a connection that waits between requests with nothing
     * buffered; the next request allocates them again. An event loop does this for connections idle a
     * while, so that many idle keep-alive clients cost little memory. False when there was something to
     * keep. Only while the connection is parked.
     */
    public boolean releaseBuffers() {
        if (state.get() != Phase.IDLE || io == null || io.in.hasRemaining() || io.outLength > 0) {
            return false;
        }
        io = null;
        return true;
    }

    /** Whether a connection parked by {@link #serveAvailable()} is between requests (not in a head). */
    public boolean idle() {
        return state.get() == Phase.IDLE;
    }

    /**
     * Closes a connection parked by {@link #serveAvailable()}: its wait ended, or its worker stops at once.
     * One idle between requests whose worker retires closes gracefully: the caller must allow the
     * transport's linger (a channel transport then blocks, up to a second).
     */
    public void closeParked() {
        if (closesGracefully()) {
            state.compareAndSet(Phase.IDLE, Phase.DRAINED);
        }
        close();
    }

    /** Whether {@link #closeParked()} would linger: the connection is idle and its worker retires. */
    public boolean closesGracefully() {
        return state.get() == Phase.IDLE && listener.closeAfterResponse();
    }

    /**
     * For a connection {@link #run()} drives, from another thread while its worker retires: once it has
     * waited between requests past {@link #CLOSING_IDLE_MILLIS}, ends our output (the client sees our FIN
     * and takes its next request elsewhere); the connection's thread then reads and drops what still
     * arrives and closes. A new connection that has not sent its first request is not idle. True when it
     * was ended now. Thread-safe.
     */
    public boolean closeIfDrained(long nowNanos) {
        Http2Connection h2 = http2;
        if (h2 != null) {
            h2.goAway(); // the streams in flight finish; the connection ends after them
            return true;
        }
        if (state.get() != Phase.IDLE || nowNanos - idleUntilNanos(idleSince) < 0 || !state.compareAndSet(Phase.IDLE, Phase.DRAINED)) {
            return false;
        }
        try {
            transport.writeAndShutdown(NOTHING.duplicate()); // the reader, blocked for the next request, stays put
        } catch (IOException e) {
            transport.close(); // the peer is gone: the reader wakes up to a closed channel
        }
        return true;
    }

    /** One request: head, handler, response, body drain. False when the connection must end (or switched to HTTP/2). */
    private boolean serveRequest() throws IOException {
        Request request = ready != null ? ready : readRequest();
        ready = null;
        if (request == null) {
            return false;
        }
        if (upgradeToH2c(request.head())) {
            return false;
        }
        Http1Exchange exchange = beginExchange(request);
        return endExchange(exchange, failureOf(callHandler(exchange, () -> {
            handler.handle(exchange);
            return DONE;
        })));
    }

    private Http1Exchange beginExchange(Request request) {
        RequestHead head = request.head();
        Http1Exchange exchange = new Http1Exchange(this, io, head, request.uri(), bodyDecoder(head),
                config.headerTimeoutMillis(), peer, tls(), request.forwarded(),
                config.connectionUpgrades() && head.version() == HttpVersion.HTTP_1_1);
        listener.requestStarted(exchange);
        return exchange;
    }

    private interface HandlerCall {
        CompletionStage<?> run() throws Exception;
    }

    /**
     * Runs the application on this thread: the stage it returned (complete once a synchronous handler
     * returned), or a failed one with what it threw.
     */
    private static CompletableFuture<?> callHandler(Http1Exchange exchange, HandlerCall call) {
        exchange.handlerStarting();
        try {
            CompletionStage<?> stage = call.run();
            if (stage == null) {
                throw new IllegalStateException("the application returned no CompletionStage");
            }
            return stage.toCompletableFuture();
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        } finally {
            exchange.handlerReturned();
        }
    }

    /**
     * After the application: its failure answered (500, or the connection cut), the response finished, the
     * unread body drained. False when the connection must end.
     */
    private boolean endExchange(Http1Exchange exchange, Throwable failure) throws IOException {
        try {
            if (failure != null) {
                handlerFailed(exchange, exchange.head(), failure);
                if (failure instanceof VirtualMachineError error && !(error instanceof StackOverflowError)) {
                    listener.unrecoverableError(error); // answered like any failure; the worker retires
                }
            }
            exchange.finish();
        } finally {
            finishedNanos = System.nanoTime();
            listener.requestFinished(exchange, exchange.bodyBytesSent(), finishedNanos - exchange.startNanos());
        }
        RequestBody body = exchange.requestBodyStream();
        Consumer<UpgradedConnection> protocol = exchange.switchedTo();
        if (protocol != null) {
            switchProtocols(protocol, body, exchange);
            return false; // HTTP ends here, whether the protocol takes the connection over or it closes
        }
        if (exchange.reusable() && body.drain(DRAIN_LIMIT)) {
            return true;
        }
        // a plain close is enough when the peer has nothing more in flight that we know of
        linger |= io.in.hasRemaining() || !body.isComplete();
        return false;
    }

    /** The next head and what it means; null when the connection ends (a refused head was answered) or waits. */
    private Request readRequest() throws IOException {
        try {
            RequestHead head = readHead();
            if (head == null) {
                return null;
            }
            URI uri = requestUri(head);
            return new Request(head, uri, peer.forwarded(head, tls() != null));
        } catch (HttpException e) {
            reject(e);
            return null;
        }
    }

    /**
     * The request's URI, reused (it is immutable) when the target is the last request's: the parser then hands
     * back the very same string, so comparing references is enough and costs nothing.
     */
    private URI requestUri(RequestHead head) {
        boolean connect = head.method().equals("CONNECT");
        if (head.target() != lastUriTarget || connect != lastUriConnect) {
            lastUri = RequestUri.of(head.method(), head.target());
            lastUriTarget = head.target();
            lastUriConnect = connect;
        }
        return lastUri;
    }


    /**
     * Before the head was sent the client gets a 500; after it, the connection is closed so the client
     * sees a truncated response rather than a complete-looking one. A failure caused by the request body
     * is answered for the body (answerBodyFailure).
     */
    private void handlerFailed(Http1Exchange exchange, RequestHead head, Throwable t) {
        if (exchange.abandoned()) {
            exchange.abort();
            linger = true;
            log.info("handler of {} {} ended after its request timed out: {}", head.method(), head.target(), t.toString());
            return;
        }
        if (answerBodyFailure(exchange, head)) {
            return;
        }
        exchange.abort();
        if (exchange.clientGone() && !(t instanceof VirtualMachineError)) {
            // a user who left the page: the application's write failed, as it should, and nobody is to blame
            log.debug("client {} went away during {} {}: {}", remoteAddress(), head.method(), head.target(), t.toString());
            return;
        }
        linger = true;
        if (causedBy(t, Http1Exchange.HeadRefused.class)) {
            return; // the refused head was logged and answered when the application sent it
        }
        log.error("handler failed on {} {}", head.method(), head.target(), t);
        if (exchange.claimForError()) {
            sendError(500, null);
        }
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> kind) {
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (kind.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * When reading the request body failed, whether the handler then threw or returned without a response:
     * a framing error gets its status (unless a response was sent already) and the connection ends, since
     * nothing after bad framing can be trusted; a client that closed before the end of the body (gunicorn's
     * NoMoreData, RFC 9112 §8) gets nothing, as nobody is left to read it. True when that was the case;
     * answers once per exchange.
     */
    boolean answerBodyFailure(Http1Exchange exchange, RequestHead head) {
        RequestBody body = exchange.requestBodyStream();
        HttpException framing = body.framingError();
        if (!body.truncated() && framing == null) {
            return false;
        }
        if (exchange.aborted()) {
            return true;
        }
        exchange.abort();
        linger = true;
        if (framing == null) {
            log.info("client {} closed before the end of the request body: {} {}", remoteAddress(), head.method(),
                    head.target());
            return true;
        }
        log.warn("invalid request body from {}: {} {}: {}", remoteAddress(), head.method(), head.target(),
                framing.reason());
        if (exchange.claimForError()) {
            sendError(framing.status(), framing.reason());
        }
        return true;
    }

    /**
     * Reads until a head is complete. Returns null when the connection ended or timed out before a
     * complete head (no response is owed then), or when serveAvailable must hand it back (pending).
     */
    private RequestHead readHead() throws IOException {
        if (!heads.resume() && !startHead()) {
            return null;
        }
        try {
            while (true) {
                boolean settled = peer.settleProxyHeader(io.in);
                Http2Handover.Start start = settled && state.get() == Phase.FRESH ? http2Start() : Http2Handover.Start.HTTP1;
                if (start == Http2Handover.Start.HTTP2 || start == Http2Handover.Start.REFUSED) {
                    return null; // handed over, or refused and ending
                }
                RequestHead head = settled && start == Http2Handover.Start.HTTP1 ? heads.parse(io.in) : null;
                if (head != null) {
                    state.compareAndSet(Phase.FRESH, Phase.BUSY);
                    return head;
                }
                int left = heads.millisLeft();
                io.flush(); // responses held back for pipelined requests go before any wait for input
                int n = yielding ? io.fillNow() : io.fill(left);
                if (n == 0 && yielding) { // nothing more has arrived yet
                    heads.pause();
                    return null;
                }
                if (n < 0) {
                    if (heads.started()) {
                        log.debug("connection from {} closed in the middle of a request head", remoteAddress());
                    }
                    return null;
                }
            }
        } catch (SocketTimeoutException e) {
            log.debug("request head from {} not complete within {} ms; closing", remoteAddress(),
                    config.headerTimeoutMillis());
            return null;
        }
    }

    /**
     * Starts the next head and its deadline: from the accept for a new connection, else from its first
     * byte (waiting for it when run() drives the connection and nothing is buffered). False: close silently.
     */
    private boolean startHead() {
        if (state.get() == Phase.FRESH) {
            heads.startFirst();
            return true;
        }
        if (!yielding && !io.in.hasRemaining() && !waitForNextRequest()) {
            return false;
        }
        heads.startAt(System.nanoTime());
        return true;
    }

    /** Idle between requests until the first byte or the keep-alive timeout. False: close silently. */
    private boolean waitForNextRequest() {
        idleSince = finishedNanos;
        if (!state.compareAndSet(Phase.BUSY, Phase.IDLE)) {
            return false;
        }
        int n;
        try {
            io.flush();
            n = io.fill(config.keepAliveTimeoutMillis());
        } catch (IOException e) {
            return false; // keep-alive timeout, closeIfIdle, or the client went away
        }
        return n > 0 && state.compareAndSet(Phase.IDLE, Phase.BUSY); // fails once closeIfDrained ended the connection
    }

    private BodyDecoder bodyDecoder(RequestHead head) {
        if (head.chunked()) {
            chunkedDecoder.reset();
            return chunkedDecoder;
        }
        if (head.contentLength() > 0) {
            fixedDecoder.reset(head.contentLength());
            return fixedDecoder;
        }
        return null;
    }

    /** A refused head: its status, Connection: close, and nothing read after it is ever used. */
    private void reject(HttpException e) throws IOException {
        log.warn("invalid request from {}: {} {}", remoteAddress(), e.status(), e.reason());
        linger = true;
        sendError(e.status(), e.reason());
    }

    /** A complete error response with a short text body and Connection: close. */
    void sendError(int status, String detail) {
        encoder.reset();
        ErrorResponse.encodeHttp1(encoder, status, detail, serverLine);
        try {
            io.discardOutput();
            io.write(encoder.array(), 0, encoder.length());
            io.flush();
        } catch (IOException e) {
            log.debug("could not send {} to {}: {}", status, remoteAddress(), e.toString());
        }
    }

    /**
     * The request timeout's answer, from a thread other than the connection's: encoded apart and written
     * straight to the transport (whose writes are atomic with respect to each other, so a 100 Continue from
     * the handler cannot interleave), then output ends, so the client has a complete response and our FIN.
     * The connection's thread, seeing the exchange abandoned, reads what is left and closes.
     */
    void sendErrorFromOtherThread(int status) {
        ResponseEncoder enc = new ResponseEncoder(256);
        ErrorResponse.encodeHttp1(enc, status, null, serverLine);
        try {
            transport.writeAndShutdown(java.nio.ByteBuffer.wrap(enc.array(), 0, enc.length()));
        } catch (IOException e) {
            log.debug("could not send {} to {}: {}", status, remoteAddress(), e.toString());
        }
    }

    /** Ends the connection at once from any thread: a response that began will not be completed. */
    void cut() {
        transport.abort();
    }

    private void close() {
        boolean drained = state.getAndSet(Phase.CLOSED) == Phase.DRAINED;
        if (io != null && io.hasPendingOutput() && channel.isOpen()) {
            try {
                io.flush(); // responses held back for pipelined requests
            } catch (IOException e) {
                log.debug("could not send the last responses to {}: {}", remoteAddress(), e.toString());
            }
        }
        if ((linger || drained) && channel.isOpen()) {
            if (io != null) {
                io.closeGracefully(LINGER_MILLIS, DRAIN_LIMIT);
            } else {
                transport.closeGracefully(LINGER_MILLIS, DRAIN_LIMIT); // idle buffers were released: nothing to drop
            }
        } else {
            transport.close();
        }
    }

    boolean keepAliveAllowed() {
        return config.keepAlive() && config.keepAliveTimeoutMillis() > 0;
    }

    /** The connection's TLS session, or null on a plain connection. */
    TlsSession tls() {
        return transport instanceof TlsTransport t ? t.session() : null;
    }

    ConnectionListener listener() {
        return listener;
    }

    ResponseEncoder encoder() {
        return encoder;
    }

    /** Decides each response's framing and encodes its head into {@link #encoder()}. */
    ResponseGenerator generator() {
        return generator;
    }

    byte[] serverLine() {
        return serverLine;
    }

    Http1Context context() {
        if (context == null) {
            context = new Http1Context(handler);
        }
        return context;
    }

    InetSocketAddress remoteAddress() {
        return peer.remoteAddress();
    }
}
