package io.junicorn.engine;

import io.junicorn.engine.tls.TlsSession;
import io.junicorn.http.RequestHead;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The names of the attributes junicorn gives every exchange ({@code HttpExchange.getAttribute}), for the
 * application and for the worker's observers (access log, metrics), and their values. An application may
 * read them by their string names without depending on junicorn. They are the same over HTTP/1.1 and HTTP/2;
 * over HTTP/2 {@link #REQUEST_TARGET} is the {@code :path} pseudo-header.
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
    /** On a TLS connection: the ALPN result, h2 or http/1.1, or "" when the client offered no ALPN (String). */
    public static final String TLS_APPLICATION_PROTOCOL = "io.junicorn.tls.application_protocol";
    /** On a TLS connection: the whole {@code javax.net.ssl.SSLSession}. */
    public static final String TLS_SESSION = "io.junicorn.tls.session";
    /**
     * Boolean.TRUE once the client went away before the response was complete (a write failed: reset,
     * broken pipe): what the access log and the metrics count as a client abort.
     */
    public static final String CLIENT_GONE = "io.junicorn.response.client_gone";
    /**
     * A {@link ConnectionUpgrade} on an exchange whose connection can be taken over after a 101 (HTTP/1.1 on the
     * virtual and nio worker classes); absent elsewhere.
     */
    public static final String CONNECTION_UPGRADE = "io.junicorn.connection.upgrade";

    /**
     * The value of a built-in attribute the application did not set, or null. {@link #REQUEST_FIELDS} is the
     * request's field lines as received, in order, names unchanged ({@code List<String[]>} of name and value):
     * Headers folds names and loses order, and some applications (Echo, proxies, signature checks) need the
     * wire form. The {@code io.junicorn.tls.*} attributes are null on a plain connection.
     */
    static Object builtIn(String name, RequestHead head, String scheme, boolean clientGone, TlsSession tls) {
        return switch (name) {
            case REQUEST_TARGET -> head.target();
            case REQUEST_SCHEME -> scheme;
            case CLIENT_GONE -> clientGone ? Boolean.TRUE : null;
            case REQUEST_FIELDS -> fields(head);
            case TLS_PROTOCOL, TLS_CIPHER_SUITE, TLS_APPLICATION_PROTOCOL, TLS_SESSION, TLS_PEER_CERTIFICATES ->
                    tls == null ? null : tlsAttribute(name, tls);
            default -> null;
        };
    }

    private static List<String[]> fields(RequestHead head) {
        List<String[]> fields = new ArrayList<>(head.fieldCount());
        for (int i = 0, n = head.fieldCount(); i < n; i++) {
            fields.add(new String[] {head.fieldName(i), head.fieldValue(i)});
        }
        return Collections.unmodifiableList(fields);
    }

    private static Object tlsAttribute(String name, TlsSession tls) {
        SSLSession session = tls.session();
        return switch (name) {
            case TLS_PROTOCOL -> session.getProtocol();
            case TLS_CIPHER_SUITE -> session.getCipherSuite();
            case TLS_APPLICATION_PROTOCOL -> tls.applicationProtocol();
            case TLS_SESSION -> session;
            default -> peerCertificates(session);
        };
    }

    private static List<X509Certificate> peerCertificates(SSLSession session) {
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : session.getPeerCertificates()) {
                chain.add((X509Certificate) certificate);
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return null; // the client sent none
        }
    }
}
