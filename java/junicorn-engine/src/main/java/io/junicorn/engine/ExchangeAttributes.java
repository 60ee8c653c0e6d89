package io.junicorn.engine;

/**
 * The names of the attributes junicorn gives every exchange ({@code HttpExchange.getAttribute}), for the
 * application and for the worker's observers (access log, metrics). An application may read them by their
 * string names without depending on junicorn.
 */
public final class ExchangeAttributes {
    private ExchangeAttributes() {
    }

    /** The attribute holding the request's field lines as received. */
    public static final String REQUEST_FIELDS = "io.junicorn.request.fields";
    /** The attribute holding the request-target exactly as received (getRequestURI may have escaped it). */
    public static final String REQUEST_TARGET = "io.junicorn.request.target";
    /** The attribute holding the request's scheme, http or https, as a trusted proxy reported it. */
    public static final String REQUEST_SCHEME = "io.junicorn.request.scheme";
    /** On a TLS connection: the client's certificate chain, leaf first ({@code List<X509Certificate>}), if it sent one. */
    public static final String TLS_PEER_CERTIFICATES = "io.junicorn.tls.peer_certificates";
    /** On a TLS connection: the negotiated protocol version, such as TLSv1.3 (String). */
    public static final String TLS_PROTOCOL = "io.junicorn.tls.protocol";
    /** On a TLS connection: the negotiated cipher suite, such as TLS_AES_128_GCM_SHA256 (String). */
    public static final String TLS_CIPHER_SUITE = "io.junicorn.tls.cipher_suite";
    /** On a TLS connection: the ALPN result, http/1.1, or "" when the client offered no ALPN (String). */
    public static final String TLS_APPLICATION_PROTOCOL = "io.junicorn.tls.application_protocol";
    /** On a TLS connection: the whole {@code javax.net.ssl.SSLSession}. */
    public static final String TLS_SESSION = "io.junicorn.tls.session";
    /**
     * Boolean.TRUE once the client went away before the response was complete (a write failed: reset,
     * broken pipe): what the access log and the metrics count as a client abort.
     */
    public static final String CLIENT_GONE = "io.junicorn.response.client_gone";
}
