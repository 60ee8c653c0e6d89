package io.junicorn.engine;

import static io.junicorn.engine.ExchangeAttributes.*;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.junicorn.http.BodyDecoder;
import io.junicorn.http.RequestHead;
import io.junicorn.http.ResponseEncoder;
import io.junicorn.http.ResponseGenerator;
import io.junicorn.http.ResponseGenerator.ConnectionIntent;
import io.junicorn.http.ResponseGenerator.Framing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request and its response, as {@code com.sun.net.httpserver} presents them. Differences from the
 * JDK server, each on purpose: a handler that returns without a response gets a 500 instead of a hung
 * connection; a HEAD body is dropped instead of refused; attributes belong to the exchange, not to the
 * context; informational (1xx) responses cannot be sent by the application.
 *
 * <p>Two threads may touch an exchange: the connection's, which runs the handler and owns the buffers,
 * and one calling {@link #abandon} (the request timeout). Who answers is decided once, by compare-and-set on
 * {@link #response}: the handler's first head (or the engine's error for it) commits; abandon takes over.
 */
final class Http1Exchange extends HttpExchange implements AbandonableExchange, RoutedExchange {
    private static final Logger log = LoggerFactory.getLogger(Http1Exchange.class);

    /** Exchanges that took longer send their response at once even when pipelined requests wait. */
    private static final long HOLD_BACK_NANOS = 10_000_000;

    /** {@link #response}: nothing sent or decided yet. */
    private static final int OPEN = 0;
    /** The handler (or the engine on its behalf) began a response on the connection's thread. */
    private static final int COMMITTED = 1;
    /** That response was completely handed to the socket. */
    private static final int COMPLETE = 2;
    /** abandon answered instead of the handler. */
    private static final int TAKEN = 3;

    private final Http1Connection connection;
    private final ConnectionIo io;
    private final RequestHead head;
    private final URI uri;
    private final RequestBody requestBody;
    private final ResponseBody responseBody;
    private InputStream in;
    private OutputStream out;

    private Headers requestHeaders;
    private Headers responseHeaders;
    private Map<String, Object> attributes;
    /** The application's context the worker routed this exchange to, or null: the connection's own. */
    private HttpContext context;
    private HttpPrincipal principal;
    /** The client named by a trusted proxy's X-Forwarded-For, or null. */
    private InetSocketAddress forwardedClient;
    private String scheme;
    private volatile int responseCode = -1;
    private boolean headersSent;
    private boolean closeConnection;
    private boolean finished;
    private boolean aborted;
    private final AtomicInteger response = new AtomicInteger(OPEN);
    /** When the exchange began (nanoTime): a slow one does not hold its response back. */
    private final long startNanos = System.nanoTime();
    /** Guards {@link #handlerThread}, so that an interrupt from abandon never outlives the handler. */
    private final Object handlerLock = new Object();
    private Thread handlerThread;
    private volatile boolean abandoned;

    Http1Exchange(Http1Connection connection, ConnectionIo io, RequestHead head, URI uri, BodyDecoder decoder,
                  int bodyTimeoutMillis) {
        this.connection = connection;
        this.io = io;
        this.head = head;
        this.uri = uri;
        this.requestBody = new RequestBody(this, io, decoder, head.expectContinue(), bodyTimeoutMillis);
        this.responseBody = new ResponseBody(this, io);
        this.in = requestBody;
        this.out = responseBody;
    }

    @Override
    public Headers getRequestHeaders() {
        if (requestHeaders == null) {
            Headers h = new Headers();
            for (int i = 0, n = head.fieldCount(); i < n; i++) {
                h.add(head.fieldName(i), head.fieldValue(i));
            }
            requestHeaders = h;
        }
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        if (responseHeaders == null) {
            responseHeaders = new Headers();
        }
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return head.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return context != null ? context : connection.context();
    }

    @Override
    public void route(HttpContext context) {
        this.context = context;
    }

    @Override
    public void principal(HttpPrincipal principal) {
        this.principal = principal;
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        return out;
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    /** What trusted proxies said about the request: its client (port 0: unknown), or null, and its scheme. */
    void forwarded(InetSocketAddress client, String scheme) {
        this.forwardedClient = client;
        this.scheme = scheme;
    }

    /**
     * The client: from a trusted proxy's X-Forwarded-For, else from the connection's PROXY header, else the
     * peer (docs/http.md, "Behind a proxy").
     */
    @Override
    public InetSocketAddress getRemoteAddress() {
        return forwardedClient != null ? forwardedClient : connection.remoteAddress();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return connection.localAddress();
    }

    long bodyBytesSent() {
        return responseBody.bytesSent();
    }

    @Override
    public String getProtocol() {
        return head.version().text();
    }

    /**
     * Besides what the app set, {@value ExchangeAttributes#REQUEST_FIELDS} gives the request's header field lines as received,
     * in order, names unchanged ({@code List<String[]>} of name and value): Headers folds names and loses
     * order, and some applications (Echo, proxies, signature checks) need the wire form. {@value ExchangeAttributes#REQUEST_TARGET}
     * gives the request-target as received (a String of one char per byte); {@value ExchangeAttributes#REQUEST_SCHEME} the
     * scheme, http or https: https on a TLS connection, else http, unless a trusted proxy reported otherwise
     * (secure_scheme_headers). On a TLS connection the {@code io.junicorn.tls.*} attributes describe the
     * session ({@value ExchangeAttributes#TLS_PEER_CERTIFICATES}, {@value ExchangeAttributes#TLS_PROTOCOL}, {@value ExchangeAttributes#TLS_CIPHER_SUITE},
     * {@value ExchangeAttributes#TLS_APPLICATION_PROTOCOL}, {@value ExchangeAttributes#TLS_SESSION}); they are null on a plain one.
     */
    @Override
    public Object getAttribute(String name) {
        if (name == null) {
            throw new NullPointerException("null name parameter");
        }
        Object value = attributes == null ? null : attributes.get(name);
        if (value == null && name.equals(REQUEST_TARGET)) {
            return head.target();
        }
        if (value == null && name.equals(REQUEST_SCHEME)) {
            return scheme;
        }
        if (value == null && name.equals(CLIENT_GONE)) {
            return clientGone() ? Boolean.TRUE : null;
        }
        if (value == null && name.equals(REQUEST_FIELDS)) {
            List<String[]> fields = new java.util.ArrayList<>(head.fieldCount());
            for (int i = 0, n = head.fieldCount(); i < n; i++) {
                fields.add(new String[] {head.fieldName(i), head.fieldValue(i)});
            }
            return java.util.Collections.unmodifiableList(fields);
        }
        if (value == null && name.startsWith("io.junicorn.tls.")) {
            return tlsAttribute(name);
        }
        return value;
    }

    private Object tlsAttribute(String name) {
        io.junicorn.engine.tls.TlsSession tls = connection.tls();
        if (tls == null) {
            return null;
        }
        javax.net.ssl.SSLSession session = tls.session();
        return switch (name) {
            case TLS_PROTOCOL -> session.getProtocol();
            case TLS_CIPHER_SUITE -> session.getCipherSuite();
            case TLS_APPLICATION_PROTOCOL -> tls.applicationProtocol();
            case TLS_SESSION -> session;
            case TLS_PEER_CERTIFICATES -> peerCertificates(session);
            default -> null;
        };
    }

    private static List<java.security.cert.X509Certificate> peerCertificates(javax.net.ssl.SSLSession session) {
        try {
            List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
            for (java.security.cert.Certificate certificate : session.getPeerCertificates()) {
                chain.add((java.security.cert.X509Certificate) certificate);
            }
            return List.copyOf(chain);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null; // the client sent none
        }
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (name == null) {
            throw new NullPointerException("null name parameter");
        }
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return principal;
    }

    /**
     * @param rCode 200-599
     * @param responseLength above 0: that many bytes follow (Content-Length); 0: any number (chunked, or
     *                       until close for an HTTP/1.0 client); -1: no body
     */
    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        if (headersSent) {
            throw new IOException("headers already sent");
        }
        if (rCode < 200 || rCode > 599) {
            throw new IllegalArgumentException("status " + rCode + " not supported: junicorn sends 200-599"
                    + " (100 Continue is sent by the server when the body is first read)");
        }
        if (!response.compareAndSet(OPEN, COMMITTED)) {
            throw new IOException("the request timed out; the server answered it");
        }
        boolean serverCloses = closeConnection || !connection.keepAliveAllowed() || !head.keepAlive()
                || requestBody.continuePending() || connection.listener().closeAfterResponse();
        ResponseGenerator.Head decided;
        try {
            decided = connection.generator().head(rCode, head.method(), head.version(), responseLength,
                    serverCloses ? ConnectionIntent.CLOSE : ConnectionIntent.KEEP_ALIVE, responseHeaders,
                    DateCache.dateLine(), connection.serverLine());
        } catch (IllegalArgumentException e) {
            headersSent = true;
            responseCode = 500;
            closeConnection = true;
            responseBody.fail();
            log.error("response head refused for {} {}: {}; answering 500", head.method(), head.target(), e.getMessage());
            connection.sendError(500, "invalid response header");
            throw new IOException("invalid response header: " + e.getMessage(), e);
        }
        ResponseEncoder enc = connection.encoder();
        io.write(enc.array(), 0, enc.length());
        headersSent = true;
        responseCode = rCode;
        closeConnection = decided.close();
        responseBody.start(decided.framing(), decided.framing() == Framing.FIXED_LENGTH ? responseLength : 0);
    }

    /** Completes the exchange: the response, including the application's own stream wrappers. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the request body stream failed", e);
        }
        try {
            finish();
        } catch (IOException e) {
            closeConnection = true;
            log.debug("completing the response failed: {}", e.toString());
        }
    }

    /**
     * Sends a 500 when there was no response (or what a failed request body calls for), ends the body,
     * flushes. Idempotent.
     */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        if (response.get() == TAKEN) {
            responseBody.fail();
            return;
        }
        if (!headersSent && connection.answerBodyFailure(this, head)) {
            return;
        }
        if (!headersSent) {
            log.warn("handler returned without a response to {} {}; answering 500", head.method(), head.target());
            responseHeaders = null;
            sendResponseHeaders(500, -1);
        }
        if (out != responseBody) {
            try {
                out.close(); // a filter's wrapper (gzip, buffering) has bytes of its own to write
            } catch (IOException | RuntimeException e) {
                closeConnection = true;
                if (!clientGone()) {
                    log.warn("closing the application's response stream failed: {}", e.toString());
                }
            }
        }
        responseBody.close();
        response.compareAndSet(COMMITTED, COMPLETE);
    }

    /** Called on the connection's thread right before the handler runs. */
    void handlerStarting() {
        synchronized (handlerLock) {
            handlerThread = Thread.currentThread();
        }
    }

    /**
     * Called on the connection's thread once the handler returned or threw. Clears the thread's interrupt
     * status: an interrupt meant for the handler (abandon's, or the application's own) would otherwise
     * close the channel at the connection's next read or write (InterruptibleChannel).
     */
    void handlerReturned() {
        synchronized (handlerLock) {
            handlerThread = null;
        }
        Thread.interrupted();
    }

    /**
     * The answer or the cut goes out before the interrupt, because interrupting a thread blocked on the
     * channel closes the channel. The write happens on the caller's thread, straight to the channel: the
     * connection's buffers belong to the handler's thread.
     */
    @Override
    public Outcome abandon(int status) {
        Thread thread;
        synchronized (handlerLock) {
            if (handlerThread == null || abandoned) {
                return Outcome.NOT_RUNNING;
            }
            abandoned = true;
            thread = handlerThread;
        }
        Outcome outcome;
        if (response.compareAndSet(OPEN, TAKEN)) {
            responseCode = status;
            connection.sendErrorFromOtherThread(status);
            outcome = Outcome.ANSWERED;
        } else if (response.get() == COMMITTED) {
            connection.cut();
            outcome = Outcome.CUT;
        } else {
            outcome = Outcome.COMPLETE;
        }
        synchronized (handlerLock) {
            if (handlerThread == thread) {
                thread.interrupt();
            }
        }
        return outcome;
    }

    boolean abandoned() {
        return abandoned;
    }

    /**
     * Claims the response for an error the engine sends on the handler's behalf (on the connection's thread).
     * False when a head was sent or abandon answered.
     */
    boolean claimForError() {
        return response.compareAndSet(OPEN, COMMITTED);
    }

    /** The handler failed after the head was sent: the response cannot be completed truthfully. */
    void abort() {
        aborted = true;
        finished = true;
        closeConnection = true;
        responseBody.fail();
    }

    /** Whether the client went away before the response was complete: see {@link ExchangeAttributes#CLIENT_GONE}. */
    boolean clientGone() {
        return io.writeFailed();
    }

    void responseShort(long missing) {
        closeConnection = true;
        if (clientGone()) {
            return; // the client left; the application stopped writing, as it should
        }
        log.warn("response to {} {} ended {} bytes short of its Content-Length; closing the connection",
                head.method(), head.target(), missing);
    }

    void responseTruncated() {
        closeConnection = true;
    }

    /**
     * Whether the complete response may stay in the write buffer (ResponseBody.complete): the connection goes on,
     * the request body is all read and the client's next request has begun to arrive, so the connection's
     * thread comes back to the buffer before it waits for anything. Only for a fast exchange: batching saves a
     * write per response, which matters when the handler costs microseconds, while a slow handler's client
     * should not wait for the handlers after it too. Never when a request may be abandoned: the request
     * timeout's answer and cut go around the buffer, and must not overtake or lose a held response.
     */
    boolean mayHoldBackResponse() {
        return !closeConnection && !abandoned && io.in.hasRemaining() && requestBody.isComplete()
                && !connection.listener().abandonsRequests() && System.nanoTime() - startNanos < HOLD_BACK_NANOS;
    }

    RequestHead head() {
        return head;
    }

    /** When the exchange began (nanoTime). */
    long startNanos() {
        return startNanos;
    }

    boolean headersSent() {
        return headersSent;
    }

    boolean aborted() {
        return aborted;
    }

    RequestBody requestBodyStream() {
        return requestBody;
    }

    /** True when the connection may carry another request after this one (the body still to drain). */
    boolean reusable() {
        return !closeConnection && !abandoned && !responseBody.failed();
    }
}
