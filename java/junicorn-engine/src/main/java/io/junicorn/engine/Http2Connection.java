package io.junicorn.engine;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.engine.tls.TlsSession;
import io.junicorn.http.HpackDecoder;
import io.junicorn.http.HpackEncoder;
import io.junicorn.http.Http2ErrorCode;
import io.junicorn.http.Http2Exception;
import io.junicorn.http.Http2Frame;
import io.junicorn.http.Http2FrameEncoder;
import io.junicorn.http.Http2FrameParser;
import io.junicorn.http.Http2Preface;
import io.junicorn.http.Http2RequestFields;
import io.junicorn.http.Http2Settings;
import io.junicorn.http.HttpException;
import io.junicorn.http.RequestHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP/2 connection (RFC 9113): h2 chosen by ALPN, or h2c by prior knowledge or Upgrade, handed over by
 * {@link Http1Connection} once it knows. Its thread reads frames and answers what concerns the connection
 * (SETTINGS, PING, WINDOW_UPDATE, GOAWAY); each request runs on a virtual thread of its own, as a request on
 * an HTTP/1.1 connection would, with an {@link Http2Exchange}. Frames are written whole under one lock, by any
 * thread; DATA waits for the client's flow-control windows (§6.9), so a client that stops reading holds its
 * streams' threads, not memory, and only up to the header timeout per wait.
 *
 * <p>Limits (docs/http.md, "HTTP/2"): concurrent streams beyond SETTINGS_MAX_CONCURRENT_STREAMS are refused
 * (REFUSED_STREAM); a header block above twice SETTINGS_MAX_HEADER_LIST_SIZE, or more frames per second that
 * carry no request forward than {@link Http2Config#maxOverheadFrames()} (rapid reset, SETTINGS, PING and
 * empty-frame floods, CONTINUATION floods), end the connection with GOAWAY ENHANCE_YOUR_CALM; a connection with
 * no stream open for the keep-alive timeout is closed with GOAWAY NO_ERROR. When the worker retires, GOAWAY
 * names the last stream that will be served; those finish, the client retries the others elsewhere.
 */
public final class Http2Connection {
    private static final Logger log = LoggerFactory.getLogger(Http2Connection.class);
    /** How long a closing connection reads what the peer still sends (as Http1Connection). */
    private static final int LINGER_MILLIS = 1000;
    private static final int DRAIN_LIMIT = 64 * 1024;
    /** The connection's own receive window: large, so only the streams' windows pace request bodies. */
    private static final int CONNECTION_WINDOW = 1 << 24;
    /** Idle connections and retirement are checked by one timer thread for every HTTP/2 connection of the JVM. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final Transport transport;
    private final PeerIdentity peer;
    private final TlsSession tls;
    private final EngineConfig config;
    private final Http2Config limits;
    private final HttpHandler handler;
    private final Http1Context context;
    private final ConnectionListener listener;
    private final Executor streamThreads;
    private final ByteBuffer in;
    private final Http2FrameParser parser;
    private final HpackDecoder hpack;
    private final HpackEncoder hpackEncoder = new HpackEncoder();
    private final Http2RequestFields fields;
    private final Http2Settings peerSettings = new Http2Settings();
    private final Map<Integer, Http2Stream> streams = new ConcurrentHashMap<>();
    /** Guards writes: frames go out whole, HEADERS in the order their HPACK blocks were encoded. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Http2FrameEncoder frames = new Http2FrameEncoder(256);
    /** Guards the send windows (the connection's and each stream's); signalled when they open. */
    private final ReentrantLock flow = new ReentrantLock();
    private final Condition windowOpened = flow.newCondition();
    private long connectionSendWindow = Http2Settings.DEFAULT_WINDOW_SIZE;
    private int connectionReceived;
    /** The highest stream id the client opened; GOAWAY names it as the last one served. */
    private volatile int lastStreamId;
    /** GOAWAY sent: streams above {@link #goAwayLastStreamId} are ignored, the connection ends when streams do. */
    private volatile boolean goingAway;
    private volatile int goAwayLastStreamId = Integer.MAX_VALUE;
    private volatile boolean closed;
    /** Our FIN was sent: nothing more is written. */
    private volatile boolean outputEnded;
    private boolean goAwaySent;
    private volatile boolean writeFailed;
    /** A header block in progress: HEADERS without END_HEADERS and its CONTINUATION frames. */
    private int continuationStream;
    private boolean continuationEndStream;
    private byte[] block = new byte[1024];
    private int blockLength;
    /** Frames that carry no request forward, in the current second. */
    private long overheadSecond;
    private int overheadFrames;
    private ScheduledFuture<?> idleTimer;
    /** A request that came with an HTTP/1.1 Upgrade: h2c, served as stream 1 once the preface arrived. */
    private final RequestHead upgradedRequest;

    private Http2Connection(Transport transport, ByteBuffer unread, PeerIdentity peer, TlsSession tls, EngineConfig config,
                            HttpHandler handler, Http1Context context, ConnectionListener listener,
                            Executor streamThreads, RequestHead upgradedRequest) {
        this.transport = transport;
        this.peer = peer;
        this.tls = tls;
        this.config = config;
        this.limits = config.http2();
        this.handler = handler;
        this.context = context;
        this.listener = listener;
        this.streamThreads = streamThreads;
        this.upgradedRequest = upgradedRequest;
        this.in = ByteBuffer.allocate(limits.maxFrameSize() + Http2Frame.HEADER_LENGTH + 1024);
        in.put(unread).flip();
        this.parser = new Http2FrameParser(limits.maxFrameSize());
        this.hpack = new HpackDecoder(4096);
        this.fields = new Http2RequestFields(config.parser());
    }

    /**
     * An HTTP/2 connection over {@code transport}, to {@link #run} on the thread that will read it.
     * {@code unread} holds what was read past the HTTP/1.1 part, the preface first. {@code upgradedRequest},
     * when not null, is the HTTP/1.1 request that asked for h2c (answered 101 already), which becomes stream 1,
     * and {@code upgradeSettings} the SETTINGS payload its HTTP2-Settings field carried.
     */
    static Http2Connection create(Transport transport, ByteBuffer unread, PeerIdentity peer, TlsSession tls,
                                  EngineConfig config, HttpHandler handler, Http1Context context,
                                  ConnectionListener listener, Executor streamThreads, RequestHead upgradedRequest,
                                  byte[] upgradeSettings) throws Http2Exception {
        Http2Connection connection = new Http2Connection(transport, unread, peer, tls, config, handler, context,
                listener, streamThreads, upgradedRequest);
        if (upgradeSettings != null) {
            connection.peerSettings.apply(new Http2Frame(Http2Frame.SETTINGS, 0, 0, upgradeSettings.length,
                    upgradeSettings, 0, upgradeSettings.length));
        }
        return connection;
    }

    /** Serves the connection until it ends, on the calling thread; closes the transport. Never throws. */
    void run() {
        try {
            if (!readPreface()) {
                return;
            }
            writeSettings();
            if (upgradedRequest != null) {
                startUpgradedStream();
            }
            armIdleTimer();
            readFrames();
            log.debug("HTTP/2 connection from {} ended by the client ({} streams open)", peer.remoteAddress(), streams.size());
        } catch (Http2Exception e) {
            connectionError(e);
            drainUntilEnd();
        } catch (IOException e) {
            log.debug("HTTP/2 connection from {} ended: {}", peer.remoteAddress(), e.toString());
        } catch (RuntimeException | Error e) {
            log.error("unexpected failure serving an HTTP/2 connection from {}", peer.remoteAddress(), e);
        } finally {
            end();
        }
    }

    /** The client's preface (§3.4), within the header timeout; false when it did not come. */
    private boolean readPreface() throws IOException, Http2Exception {
        while (in.remaining() < Http2Preface.BYTES.length) {
            if (Http2Preface.match(in) == Http2Preface.Match.OTHER) {
                break;
            }
            if (fill(config.headerTimeoutMillis()) < 0) {
                return false;
            }
        }
        if (Http2Preface.match(in) != Http2Preface.Match.PREFACE) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "no client connection preface (RFC 9113 §3.4)");
        }
        in.position(in.position() + Http2Preface.BYTES.length);
        return true;
    }

    private void writeSettings() throws IOException {
        writeLock.lock();
        try {
            frames.reset();
            frames.settings(Http2Settings.MAX_CONCURRENT_STREAMS, limits.maxConcurrentStreams(),
                    Http2Settings.INITIAL_WINDOW_SIZE, limits.initialWindowSize(),
                    Http2Settings.MAX_FRAME_SIZE, limits.maxFrameSize(),
                    Http2Settings.MAX_HEADER_LIST_SIZE, limits.maxHeaderListSize());
            frames.windowUpdate(0, CONNECTION_WINDOW - Http2Settings.DEFAULT_WINDOW_SIZE);
            send();
        } finally {
            writeLock.unlock();
        }
    }

    /** Reads frames until the connection ends. The client's first frame must be SETTINGS (§3.4). */
    private void readFrames() throws IOException, Http2Exception {
        boolean first = true;
        while (true) {
            Http2Frame frame = parser.parse(in);
            if (frame == null) {
                if (fill(0) < 0) {
                    return;
                }
                continue;
            }
            if (first && frame.type() != Http2Frame.SETTINGS) {
                throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR,
                        "first frame " + Http2Frame.typeName(frame.type()) + ", not SETTINGS (RFC 9113 §3.4)");
            }
            first = false;
            try {
                frame(frame);
            } catch (Http2Exception e) {
                if (e.isConnectionError()) {
                    throw e;
                }
                resetStream(e.streamId(), e.code(), e.reason());
            }
        }
    }

    /** After a connection error: what the client still sends is dropped until it closes (or the linger ends). */
    private void drainUntilEnd() {
        try {
            while (true) {
                in.clear().limit(0);
                if (fill(0) < 0) {
                    return;
                }
            }
        } catch (IOException e) {
            // closed by the linger's end, or the client went away
        }
    }

    private int fill(int timeoutMillis) throws IOException {
        in.compact();
        try {
            return transport.read(in, timeoutMillis);
        } finally {
            in.flip();
        }
    }

    private void frame(Http2Frame f) throws IOException, Http2Exception {
        if (continuationStream != 0 && (f.type() != Http2Frame.CONTINUATION || f.streamId() != continuationStream)) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR,
                    Http2Frame.typeName(f.type()) + " inside a header block (RFC 9113 §6.10)");
        }
        switch (f.type()) {
            case Http2Frame.SETTINGS -> settings(f);
            case Http2Frame.PING -> ping(f);
            case Http2Frame.WINDOW_UPDATE -> windowUpdate(f);
            case Http2Frame.HEADERS -> headers(f);
            case Http2Frame.CONTINUATION -> continuation(f);
            case Http2Frame.DATA -> data(f);
            case Http2Frame.RST_STREAM -> rstStream(f);
            case Http2Frame.PRIORITY -> priority(f);
            case Http2Frame.GOAWAY -> goAwayReceived(f);
            default -> {
                // unknown frame types are ignored (§4.1, §5.5)
            }
        }
    }

    /** Counts a frame that carries no request forward; too many in a second end the connection. */
    private void overhead(String what) throws Http2Exception {
        long second = System.nanoTime() / 1_000_000_000L;
        if (second != overheadSecond) {
            overheadSecond = second;
            overheadFrames = 0;
        }
        if (++overheadFrames > limits.maxOverheadFrames()) {
            throw Http2Exception.connection(Http2ErrorCode.ENHANCE_YOUR_CALM, "more than " + limits.maxOverheadFrames()
                    + " frames in a second that carry no request (" + what + "; http2_max_overhead_frames)");
        }
    }

    private void settings(Http2Frame f) throws IOException, Http2Exception {
        overhead("SETTINGS");
        if (f.hasFlag(Http2Frame.FLAG_ACK)) {
            return;
        }
        int windowChange = peerSettings.apply(f);
        if (windowChange != 0) {
            flow.lock();
            try {
                for (Http2Stream stream : streams.values()) {
                    stream.sendWindow += windowChange;
                    if (stream.sendWindow > Http2Settings.MAX_WINDOW_SIZE) {
                        throw Http2Exception.connection(Http2ErrorCode.FLOW_CONTROL_ERROR,
                                "SETTINGS_INITIAL_WINDOW_SIZE overflows a stream's window (RFC 9113 §6.9.2)");
                    }
                }
                windowOpened.signalAll();
            } finally {
                flow.unlock();
            }
        }
        writeControl(() -> frames.settingsAck());
    }

    private void ping(Http2Frame f) throws IOException, Http2Exception {
        overhead("PING");
        if (!f.hasFlag(Http2Frame.FLAG_ACK)) {
            writeControl(() -> frames.ping(f.payload(), true));
        }
    }

    private void windowUpdate(Http2Frame f) throws IOException, Http2Exception {
        int increment = f.windowIncrement();
        int id = f.streamId();
        if (increment == 0) {
            if (id == 0) {
                throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 (RFC 9113 §6.9)");
            }
            throw Http2Exception.stream(id, Http2ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 (RFC 9113 §6.9)");
        }
        if (id > lastStreamId) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + id
                    + " (RFC 9113 §5.1)");
        }
        flow.lock();
        try {
            if (id == 0) {
                connectionSendWindow += increment;
                if (connectionSendWindow > Http2Settings.MAX_WINDOW_SIZE) {
                    throw Http2Exception.connection(Http2ErrorCode.FLOW_CONTROL_ERROR,
                            "connection window above 2^31-1 (RFC 9113 §6.9.1)");
                }
            } else {
                Http2Stream stream = streams.get(id);
                if (stream == null) {
                    return; // a stream that just closed (§5.1)
                }
                stream.sendWindow += increment;
                if (stream.sendWindow > Http2Settings.MAX_WINDOW_SIZE) {
                    throw Http2Exception.stream(id, Http2ErrorCode.FLOW_CONTROL_ERROR,
                            "stream window above 2^31-1 (RFC 9113 §6.9.1)");
                }
            }
            windowOpened.signalAll();
        } finally {
            flow.unlock();
        }
    }

    private void headers(Http2Frame f) throws IOException, Http2Exception {
        int id = f.streamId();
        if (f.hasFlag(Http2Frame.FLAG_PRIORITY) && f.dependency() == id) {
            throw Http2Exception.stream(id, Http2ErrorCode.PROTOCOL_ERROR, "stream depends on itself (RFC 9113 §5.3.1)");
        }
        if (f.contentLength() == 0 && !f.hasFlag(Http2Frame.FLAG_END_STREAM)) {
            overhead("empty HEADERS");
        }
        blockLength = 0;
        appendBlock(f);
        continuationEndStream = f.hasFlag(Http2Frame.FLAG_END_STREAM);
        if (f.hasFlag(Http2Frame.FLAG_END_HEADERS)) {
            headerBlock(id, continuationEndStream);
        } else {
            continuationStream = id;
        }
    }

    private void continuation(Http2Frame f) throws IOException, Http2Exception {
        if (continuationStream == 0) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR,
                    "CONTINUATION without a header block (RFC 9113 §6.10)");
        }
        if (f.contentLength() == 0) {
            overhead("empty CONTINUATION");
        }
        appendBlock(f);
        if (f.hasFlag(Http2Frame.FLAG_END_HEADERS)) {
            int id = continuationStream;
            continuationStream = 0;
            headerBlock(id, continuationEndStream);
        }
    }

    /** Collects a header block; one past twice the advertised list size is a flood (CVE-2024-27316's kind). */
    private void appendBlock(Http2Frame f) throws Http2Exception {
        int n = f.contentLength();
        if (blockLength + n > 2L * limits.maxHeaderListSize()) {
            throw Http2Exception.connection(Http2ErrorCode.ENHANCE_YOUR_CALM,
                    "header block above twice http2_max_header_list_size (RFC 9113 §10.5.1)");
        }
        if (blockLength + n > block.length) {
            block = java.util.Arrays.copyOf(block, Math.max(block.length * 2, blockLength + n));
        }
        System.arraycopy(f.payload(), f.contentOffset(), block, blockLength, n);
        blockLength += n;
    }

    /** A whole header block: a new request, or a request's trailers. */
    private void headerBlock(int id, boolean endStream) throws IOException, Http2Exception {
        Http2Stream stream = streams.get(id);
        if (stream != null || id <= lastStreamId) {
            trailers(stream, id, endStream);
            return;
        }
        if (id % 2 == 0) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "client stream id " + id
                    + " is even (RFC 9113 §5.1.1)");
        }
        fields.reset(false);
        long listSize = hpack.decode(block, 0, blockLength, fields); // always, to keep the table in step
        boolean refused;
        synchronized (this) { // with goAway(): a stream is either served or above the GOAWAY's last stream id
            lastStreamId = id;
            if (goingAway && id > goAwayLastStreamId) {
                return; // after our GOAWAY: the client retries it elsewhere (§6.8)
            }
            refused = streams.size() >= limits.maxConcurrentStreams();
            if (!refused) {
                openRequest(id, endStream, listSize);
            }
        }
        if (refused) {
            resetStream(id, Http2ErrorCode.REFUSED_STREAM, null); // outside the monitor: writes take the write lock
        }
    }

    /** A new stream's request: started on its own thread, or answered with the status HTTP/1.1 would give. */
    private void openRequest(int id, boolean endStream, long listSize) throws Http2Exception {
        RequestHead head;
        try {
            if (listSize > limits.maxHeaderListSize()) {
                throw new HttpException(431, "header list above http2_max_header_list_size (RFC 9113 §6.5.2)");
            }
            head = fields.request(id);
        } catch (HttpException e) {
            log.warn("invalid request from {}: {} {}", peer.remoteAddress(), e.status(), e.reason());
            Http2Stream refused = open(id, -1, endStream);
            streamThreads.execute(() -> refuse(refused, e));
            return;
        }
        if (endStream && head.contentLength() > 0) {
            throw Http2Exception.stream(id, Http2ErrorCode.PROTOCOL_ERROR,
                    "END_STREAM before content-length bytes (RFC 9113 §8.1.1)");
        }
        start(open(id, head.contentLength(), endStream), head);
    }

    private Http2Stream open(int id, long contentLength, boolean endStream) {
        Http2Stream stream;
        flow.lock();
        try {
            stream = new Http2Stream(id, this, limits.initialWindowSize(), peerSettings.initialWindowSize(), contentLength);
        } finally {
            flow.unlock();
        }
        streams.put(id, stream);
        if (endStream) {
            stream.endOfRequest();
        }
        cancelIdleTimer();
        return stream;
    }

    private void trailers(Http2Stream stream, int id, boolean endStream) throws Http2Exception {
        fields.reset(true);
        hpack.decode(block, 0, blockLength, fields);
        if (stream == null || stream.remoteEnded()) {
            // HEADERS on a closed stream, or after END_STREAM (§5.1)
            throw Http2Exception.connection(Http2ErrorCode.STREAM_CLOSED, "HEADERS on closed stream " + id + " (RFC 9113 §5.1)");
        }
        if (!endStream) {
            throw Http2Exception.stream(id, Http2ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM (RFC 9113 §8.1)");
        }
        fields.checkTrailers(id);
        checkLength(stream, true);
        stream.endOfRequest();
    }

    private void data(Http2Frame f) throws IOException, Http2Exception {
        int id = f.streamId();
        int length = f.length();
        receivedOnConnection(length);
        if (id > lastStreamId) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "DATA on idle stream " + id + " (RFC 9113 §5.1)");
        }
        Http2Stream stream = streams.get(id);
        if (stream == null || stream.remoteEnded()) {
            throw Http2Exception.stream(id, Http2ErrorCode.STREAM_CLOSED, "DATA on closed stream " + id + " (RFC 9113 §5.1)");
        }
        if (f.contentLength() == 0 && !f.hasFlag(Http2Frame.FLAG_END_STREAM)) {
            overhead("empty DATA");
        }
        flow.lock();
        try {
            if (length > stream.receiveWindow) {
                throw Http2Exception.stream(id, Http2ErrorCode.FLOW_CONTROL_ERROR,
                        "DATA beyond the stream's window (RFC 9113 §6.9)");
            }
            stream.receiveWindow -= length - (length - f.contentLength()); // padding is given back at once
        } finally {
            flow.unlock();
        }
        stream.dataReceived += f.contentLength();
        boolean end = f.hasFlag(Http2Frame.FLAG_END_STREAM);
        checkLength(stream, end);
        stream.data(f.payload(), f.contentOffset(), f.contentLength(), end);
        if (length > f.contentLength() && !end) {
            int padding = length - f.contentLength();
            writeControl(() -> frames.windowUpdate(id, padding));
        }
    }

    /** DATA must add up to the declared content-length (RFC 9113 §8.1.1). */
    private static void checkLength(Http2Stream stream, boolean end) throws Http2Exception {
        if (stream.contentLength >= 0 && (stream.dataReceived > stream.contentLength
                || end && stream.dataReceived != stream.contentLength)) {
            throw Http2Exception.stream(stream.id, Http2ErrorCode.PROTOCOL_ERROR,
                    "DATA does not add up to content-length (RFC 9113 §8.1.1)");
        }
    }

    /** The connection's window is given back as DATA arrives: each stream's window bounds what is buffered. */
    private void receivedOnConnection(int length) throws IOException, Http2Exception {
        connectionReceived += length;
        if (connectionReceived > CONNECTION_WINDOW) {
            throw Http2Exception.connection(Http2ErrorCode.FLOW_CONTROL_ERROR, "DATA beyond the connection's window (RFC 9113 §6.9)");
        }
        if (connectionReceived >= CONNECTION_WINDOW / 2) {
            int n = connectionReceived;
            connectionReceived = 0;
            writeControl(() -> frames.windowUpdate(0, n));
        }
    }

    /** The application read request body bytes: the stream's window opens again (from the handler's thread). */
    void consumed(Http2Stream stream) throws IOException {
        int n = stream.takeWindowUpdate(limits.initialWindowSize());
        if (n == 0) {
            return;
        }
        flow.lock();
        try {
            stream.receiveWindow += n;
        } finally {
            flow.unlock();
        }
        writeControl(() -> frames.windowUpdate(stream.id, n));
    }

    private void rstStream(Http2Frame f) throws Http2Exception {
        int id = f.streamId();
        if (id > lastStreamId) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR, "RST_STREAM on idle stream " + id + " (RFC 9113 §6.4)");
        }
        overhead("RST_STREAM"); // a client that opens and resets streams without end: rapid reset, CVE-2023-44487
        Http2Stream stream = streams.get(id);
        if (stream != null) {
            stream.reset(Http2ErrorCode.CANCEL, true);
            signalWindows();
            log.debug("client reset stream {} from {}: {}", id, peer.remoteAddress(), Http2ErrorCode.describe(f.errorCode()));
        }
    }

    private void priority(Http2Frame f) throws Http2Exception {
        overhead("PRIORITY");
        if (f.dependency() == f.streamId()) {
            throw Http2Exception.stream(f.streamId(), Http2ErrorCode.PROTOCOL_ERROR, "stream depends on itself (RFC 9113 §5.3.1)");
        }
        // priorities are ignored, as RFC 9113 §5.3.2 permits
    }

    /** The client will open no more streams: the connection ends once the open ones have. */
    private void goAwayReceived(Http2Frame f) {
        log.debug("client {} sent GOAWAY: {}", peer.remoteAddress(), Http2ErrorCode.describe(f.errorCode()));
        goingAway = true;
        closeIfDone();
    }

    private synchronized void startUpgradedStream() {
        lastStreamId = 1;
        start(open(1, upgradedRequest.contentLength(), true), upgradedRequest);
    }

    /** Runs a request on a virtual thread of its own. */
    private void start(Http2Stream stream, RequestHead head) {
        URI uri;
        try {
            uri = RequestUri.of(head.method(), head.target());
        } catch (HttpException e) {
            streamThreads.execute(() -> refuse(stream, e));
            return;
        }
        Http2Exchange exchange = new Http2Exchange(this, stream, head, uri, peer, tls, context,
                peer.forwarded(head, tls != null), config.headerTimeoutMillis());
        stream.exchange = exchange;
        streamThreads.execute(() -> serveStream(exchange));
    }

    /** A request HTTP/1.1 would answer with a status (400, 417, 431): the same status on its stream. */
    private void refuse(Http2Stream stream, HttpException e) {
        try {
            writeResponse(stream, e.status(), ErrorResponse.body(e.status(), e.reason()));
        } catch (IOException ignored) {
            // the client is gone
        } finally {
            streamDone(stream);
        }
    }

    private void serveStream(Http2Exchange exchange) {
        listener.requestStarted(exchange);
        Throwable failure = null;
        exchange.handlerStarting();
        try {
            handler.handle(exchange);
        } catch (Throwable t) {
            failure = t;
        } finally {
            exchange.handlerReturned();
        }
        try {
            exchange.end(failure);
            if (failure instanceof VirtualMachineError error && !(error instanceof StackOverflowError)) {
                listener.unrecoverableError(error);
            }
        } finally {
            listener.requestFinished(exchange, exchange.bodyBytesSent(), System.nanoTime() - exchange.startNanos());
            streamDone(exchange.stream());
        }
    }

    /** A stream's exchange is over: a request body still coming is declined (§8.1), the stream forgotten. */
    private void streamDone(Http2Stream stream) {
        if (!stream.isReset() && !stream.remoteEnded() && !outputEnded) {
            resetStreamQuietly(stream.id, Http2ErrorCode.NO_ERROR);
        }
        synchronized (this) {
            streams.remove(stream.id);
        }
        if (listener.closeAfterResponse()) {
            goAway();
        }
        closeIfDone();
        if (streams.isEmpty()) {
            armIdleTimer();
        }
    }

    // ---- writing ----

    private interface FrameWriter {
        void write();
    }

    /** A frame the connection's thread sends (ACKs, WINDOW_UPDATE, RST_STREAM, GOAWAY). */
    private void writeControl(FrameWriter writer) throws IOException {
        writeLock.lock();
        try {
            frames.reset();
            writer.write();
            send();
        } finally {
            writeLock.unlock();
        }
    }

    private void send() throws IOException {
        if (closed || outputEnded) {
            throw new IOException(closed ? "HTTP/2 connection closed" : "HTTP/2 connection's output ended");
        }
        try {
            transport.write(ByteBuffer.wrap(frames.array(), 0, frames.length()), false);
        } catch (IOException e) {
            writeFailed = true;
            throw e;
        }
    }

    /**
     * A response head, with the first body bytes when there are any, in one write; {@code endStream} when they
     * are the whole response. Body bytes the windows do not take yet follow as DATA.
     */
    void writeHeaders(Http2Stream stream, int status, java.util.List<String[]> headers, byte[] body, int bodyLength,
                      boolean endStream) throws IOException {
        int first = bodyLength > 0 ? reserve(stream, bodyLength) : 0; // may wait: before the lock others need
        writeLock.lock();
        try {
            checkWritable(stream);
            hpackEncoder.reset();
            hpackEncoder.field(":status", Integer.toString(status));
            for (String[] field : headers) {
                hpackEncoder.field(field[0], field[1]);
            }
            frames.reset();
            boolean ends = endStream && first == bodyLength;
            frames.headers(stream.id, hpackEncoder.array(), hpackEncoder.length(), ends && first == 0,
                    peerSettings.maxFrameSize());
            if (first > 0) {
                frames.data(stream.id, body, 0, first, ends);
            }
            send();
            if (ends) {
                stream.localEnded = true;
            }
        } finally {
            writeLock.unlock();
        }
        if (first < bodyLength) {
            writeData(stream, body, first, bodyLength - first, endStream);
        }
    }

    /** {@code 100 Continue} on a stream: a head that does not end it (RFC 9113 §8.1). */
    void writeContinue(Http2Stream stream) throws IOException {
        writeHeaders(stream, 100, java.util.List.of(), null, 0, false);
    }

    /** Response body bytes, cut to the peer's frame size and paced by both windows. */
    void writeData(Http2Stream stream, byte[] b, int off, int len, boolean endStream) throws IOException {
        if (len == 0 && endStream) {
            writeLock.lock();
            try {
                checkWritable(stream);
                frames.reset();
                frames.data(stream.id, b, off, 0, true);
                send();
                stream.localEnded = true;
            } finally {
                writeLock.unlock();
            }
            return;
        }
        while (len > 0) {
            int n = reserve(stream, Math.min(len, peerSettings.maxFrameSize()));
            boolean last = n == len && endStream;
            writeLock.lock();
            try {
                checkWritable(stream);
                frames.reset();
                frames.data(stream.id, b, off, n, last);
                send();
                if (last) {
                    stream.localEnded = true;
                }
            } finally {
                writeLock.unlock();
            }
            off += n;
            len -= n;
        }
    }

    /**
     * Takes up to {@code wanted} bytes of both send windows, waiting for WINDOW_UPDATE up to the header timeout:
     * a client that never opens its window (window exhaustion) gets the stream reset, and the connection goes
     * away when its own window stays shut.
     */
    private int reserve(Http2Stream stream, int wanted) throws IOException {
        long timeout = config.headerTimeoutMillis() > 0 ? TimeUnit.MILLISECONDS.toNanos(config.headerTimeoutMillis())
                : Long.MAX_VALUE;
        long deadline = System.nanoTime() + timeout;
        boolean connectionShut;
        flow.lock();
        try {
            while (true) {
                checkWritable(stream);
                long available = Math.min(stream.sendWindow, connectionSendWindow);
                if (available > 0) {
                    int n = (int) Math.min(wanted, available);
                    stream.sendWindow -= n;
                    connectionSendWindow -= n;
                    return n;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    windowOpened.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted waiting for the client's window");
                }
            }
            connectionShut = connectionSendWindow <= 0;
        } finally {
            flow.unlock();
        }
        if (connectionShut) {
            connectionError(Http2Exception.connection(Http2ErrorCode.FLOW_CONTROL_ERROR,
                    "the client's connection window stayed shut for the header timeout"));
        } else {
            resetStream(stream.id, Http2ErrorCode.CANCEL, "the client's stream window stayed shut for the header timeout");
        }
        throw new IOException("the client did not open its flow-control window in time");
    }

    private void checkWritable(Http2Stream stream) throws IOException {
        if (closed || outputEnded) {
            throw new IOException("HTTP/2 connection closed");
        }
        if (stream.isReset()) {
            throw new IOException("stream " + stream.id + " reset");
        }
        if (stream.localEnded) {
            throw new IOException("stream " + stream.id + " already ended");
        }
    }

    /** A complete small response on a stream: status, text/plain body, END_STREAM. */
    void writeResponse(Http2Stream stream, int status, byte[] body) throws IOException {
        writeHeaders(stream, status, java.util.List.of(
                new String[] {"content-type", ErrorResponse.TEXT_PLAIN},
                new String[] {"content-length", Integer.toString(body.length)},
                new String[] {"date", DateCache.dateValue()},
                new String[] {"server", serverName()}), body, body.length, true);
    }

    String serverName() {
        return config.serverHeader() == null ? "" : config.serverHeader();
    }

    /** Resets a stream (a stream error, or a response that cannot be completed). */
    void resetStream(int id, Http2ErrorCode code, String reason) throws IOException {
        if (reason != null) {
            log.info("HTTP/2 stream {} from {} reset: {} {}", id, peer.remoteAddress(), code, reason);
        }
        Http2Stream stream = streams.get(id);
        if (stream != null) {
            stream.reset(code, false);
        }
        writeControl(() -> frames.rstStream(id, code));
    }

    /** From a handler's thread (the request timeout's cut): never throws. */
    void resetStreamQuietly(int id, Http2ErrorCode code) {
        try {
            resetStream(id, code, null);
        } catch (IOException e) {
            // the connection is gone: so is the stream
        }
    }

    private void signalWindows() {
        flow.lock();
        try {
            windowOpened.signalAll();
        } finally {
            flow.unlock();
        }
    }

    // ---- ending ----

    /** A connection error: GOAWAY with its code and reason, then our output ends (§5.4.1). */
    private void connectionError(Http2Exception e) {
        log.warn("HTTP/2 connection from {} closed: {} {}", peer.remoteAddress(), e.code(), e.reason());
        sendGoAway(e.code(), e.reason(), true);
        endOutput();
    }

    /**
     * GOAWAY NO_ERROR naming the last stream served (the worker retires: HUP, TERM, max-requests; or the
     * connection was idle): the streams up to it finish, the client retries the others on a new connection.
     * Idempotent, any thread.
     */
    public void goAway() {
        sendGoAway(Http2ErrorCode.NO_ERROR, "", false);
        closeIfDone();
    }

    /**
     * Sends our GOAWAY: one graceful one, and a connection error's even after it. Written under the write
     * lock that {@link #endOutput} takes too, with {@link #goingAway} set inside it: no thread can end the output
     * between the decision and the frame, so the client always reads GOAWAY before our FIN.
     */
    private void sendGoAway(Http2ErrorCode code, String reason, boolean error) {
        writeLock.lock();
        try {
            int last;
            synchronized (this) {
                if (outputEnded || goAwaySent && !error) {
                    return;
                }
                last = goAwaySent ? goAwayLastStreamId : lastStreamId; // a later GOAWAY never names more (§6.8)
                goAwaySent = true;
                goAwayLastStreamId = last;
                goingAway = true;
            }
            frames.reset();
            frames.goAway(last, code, reason.getBytes(StandardCharsets.UTF_8));
            send();
        } catch (IOException e) {
            log.debug("could not send GOAWAY to {}: {}", peer.remoteAddress(), e.toString());
        } finally {
            writeLock.unlock();
        }
    }

    /** After GOAWAY, the connection's output ends once its last stream has. */
    private void closeIfDone() {
        boolean done;
        synchronized (this) {
            done = goingAway && streams.isEmpty();
        }
        if (done) {
            endOutput();
        }
    }

    /**
     * Our FIN after everything written (close_notify first over TLS); the reader goes on reading and dropping
     * what the client still sends until its end of stream, so the client reads our GOAWAY before any reset the
     * kernel would send for unread bytes, at most {@link #LINGER_MILLIS}. From any thread.
     */
    private void endOutput() {
        writeLock.lock();
        try {
            if (outputEnded) {
                return;
            }
            outputEnded = true;
            transport.writeAndShutdown(ByteBuffer.allocate(0));
        } catch (IOException e) {
            transport.abort();
        } finally {
            writeLock.unlock();
        }
        TIMER.schedule(transport::close, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void end() {
        closed = true;
        cancelIdleTimer();
        for (Http2Stream stream : streams.values()) {
            stream.reset(Http2ErrorCode.CANCEL, false);
        }
        signalWindows();
        transport.close();
    }

    /** Whether a write failed: the client went away. */
    boolean writeFailed() {
        return writeFailed;
    }

    // ---- idle connections ----

    private void armIdleTimer() {
        if (!config.keepAlive() || config.keepAliveTimeoutMillis() <= 0 || outputEnded) {
            return;
        }
        cancelIdleTimer();
        synchronized (this) {
            idleTimer = TIMER.schedule(this::closeIfIdle, config.keepAliveTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    /** No stream for the keep-alive timeout: GOAWAY NO_ERROR and close, as an idle HTTP/1.1 connection closes. */
    private void closeIfIdle() {
        if (streams.isEmpty() && !outputEnded) {
            log.debug("idle HTTP/2 connection from {} closed after {} ms", peer.remoteAddress(), config.keepAliveTimeoutMillis());
            goAway();
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("junicorn-h2-timer").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
