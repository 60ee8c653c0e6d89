package io.junicorn.engine;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.junicorn.engine.tls.TlsSession;
import io.junicorn.http.RequestHead;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * One request and its response as {@code com.sun.net.httpserver} presents them, whatever the protocol: the
 * request's head and headers, attributes ({@link ExchangeAttributes}), the routed context and principal, the
 * client as proxies reported it, the application's stream wrappers, and the request timeout's handshake
 * ({@link ResponseClaim}). {@link Http1Exchange} and {@link Http2Exchange} frame the response.
 *
 * <p>Differences from the JDK server, each on purpose: a handler that returns without a response gets a 500
 * instead of a hung connection; a HEAD body is dropped instead of refused; attributes belong to the exchange,
 * not to the context; informational (1xx) responses cannot be sent by the application.
 */
abstract class EngineExchange extends HttpExchange implements AbandonableExchange, RoutedExchange {
    final RequestHead head;
    private final URI uri;
    private final PeerIdentity peer;
    private final TlsSession tls;
    private final HttpContext defaultContext;
    private final PeerIdentity.Forwarded forwarded;
    final ResponseClaim claim = new ResponseClaim();

    /**
     * sendResponseHeaders' preconditions, the same for both protocols: a head not sent yet, a status junicorn
     * sends, and the response still the handler's to give (the request timeout may have answered it).
     */
    final void commitResponse(boolean headSent, int rCode) throws IOException {
        if (headSent) {
            throw new IOException("headers already sent");
        }
        if ((rCode < 200 || rCode > 599) && !(rCode == 101 && switchesProtocols())) {
            throw new IllegalArgumentException("status " + rCode + " not supported: junicorn sends 200-599"
                    + " (100 Continue is sent by the server when the body is first read; 101 after "
                    + "ConnectionUpgrade.upgradeAfterResponse, the exchange attribute " + ExchangeAttributes.CONNECTION_UPGRADE
                    + ")");
        }
        if (!claim.commit()) {
            throw new IOException("the request timed out; the server answered it");
        }
    }
    /** When the exchange began (nanoTime). */
    private final long startNanos = System.nanoTime();
    InputStream in;
    OutputStream out;
    private Headers requestHeaders;
    Headers responseHeaders;
    private Map<String, Object> attributes;
    /** The application's context the worker routed this exchange to, or null: the connection's own. */
    private HttpContext context;
    private HttpPrincipal principal;
    volatile int responseCode = -1;

    EngineExchange(RequestHead head, URI uri, PeerIdentity peer, TlsSession tls, HttpContext defaultContext,
                   PeerIdentity.Forwarded forwarded) {
        this.head = head;
        this.uri = uri;
        this.peer = peer;
        this.tls = tls;
        this.defaultContext = defaultContext;
        this.forwarded = forwarded;
    }

    /** Whether a 101 may be sent: a protocol asked for the connection ({@link ConnectionUpgrade}). */
    boolean switchesProtocols() {
        return false;
    }

    /** The exchange's {@link ExchangeAttributes#CONNECTION_UPGRADE}, or null where the connection cannot be taken over. */
    ConnectionUpgrade connectionUpgrade() {
        return null;
    }

    /** Whether the client went away before the response was complete: see {@link ExchangeAttributes#CLIENT_GONE}. */
    abstract boolean clientGone();

    /** Body bytes of the response the client got (gunicorn's %(B)s). */
    abstract long bodyBytesSent();

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
    public String getProtocol() {
        return head.version().text();
    }

    @Override
    public HttpContext getHttpContext() {
        return context != null ? context : defaultContext;
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
    public HttpPrincipal getPrincipal() {
        return principal;
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
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    /**
     * The client: from a trusted proxy's X-Forwarded-For, else from the connection's PROXY header, else the
     * peer (docs/http.md, "Behind a proxy").
     */
    @Override
    public InetSocketAddress getRemoteAddress() {
        return forwarded.client() != null ? forwarded.client() : peer.remoteAddress();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return peer.localAddress();
    }

    /** Besides what the application set, the attributes {@link ExchangeAttributes} names. */
    @Override
    public Object getAttribute(String name) {
        if (name == null) {
            throw new NullPointerException("null name parameter");
        }
        Object value = attributes == null ? null : attributes.get(name);
        if (value == null && name.equals(ExchangeAttributes.CONNECTION_UPGRADE)) {
            return connectionUpgrade();
        }
        return value != null ? value : ExchangeAttributes.builtIn(name, head, forwarded.scheme(), clientGone(), tls);
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

    /** Called on the handler's thread right before the handler runs. */
    void handlerStarting() {
        claim.handlerStarting();
    }

    /** Called on the handler's thread once the handler returned or threw (see {@link ResponseClaim#handlerReturned}). */
    void handlerReturned() {
        claim.handlerReturned();
    }

    boolean abandoned() {
        return claim.abandoned();
    }

    RequestHead head() {
        return head;
    }

    /** The request's scheme, http or https, as a trusted proxy reported it. */
    String scheme() {
        return forwarded.scheme();
    }

    /** When the exchange began (nanoTime). */
    long startNanos() {
        return startNanos;
    }
}
