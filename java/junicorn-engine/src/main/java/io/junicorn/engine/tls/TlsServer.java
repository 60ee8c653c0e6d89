package io.junicorn.engine.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * How every connection of a TLS listener is set up: the context (key, chain, trusted CAs) and the per-connection
 * parameters, which SSLContext does not carry: protocols, cipher suites, client authentication and ALPN
 * ("h2" then "http/1.1" where the worker serves HTTP/2, the server's order deciding; else "http/1.1" only, so a
 * client that offers only h2 fails the handshake with no_application_protocol instead of speaking HTTP/1.1 to a
 * server it believes talks HTTP/2).
 *
 * @param context the context, junicorn's or the one the ssl_context hook returned
 * @param protocols the TLS versions to enable (TLSv1.3, TLSv1.2)
 * @param cipherSuites the cipher suites to enable; empty: the context's defaults
 * @param clientAuth whether to ask clients for a certificate
 */
public record TlsServer(SSLContext context, List<String> protocols, List<String> cipherSuites, ClientAuth clientAuth) {
    /** cert_reqs: gunicorn's CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED. */
    public enum ClientAuth {
        NONE, WANT, NEED;

        /** From cert_reqs' number: 0, 1 or 2. */
        public static ClientAuth of(int certReqs) {
            return switch (certReqs) {
                case 0 -> NONE;
                case 1 -> WANT;
                case 2 -> NEED;
                default -> throw new IllegalArgumentException("cert_reqs must be 0, 1 or 2, not " + certReqs);
            };
        }
    }

    public TlsServer {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /**
     * A new server session for a connection from {@code peer} (null or a unix-domain address: no host hint),
     * offering h2 by ALPN when {@code http2}.
     */
    public TlsSession newSession(SocketAddress peer, boolean http2) throws SSLException {
        SSLEngine engine = peer instanceof InetSocketAddress inet
                ? context.createSSLEngine(inet.getHostString(), inet.getPort()) : context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols.toArray(new String[0]));
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(new String[0]));
        }
        switch (clientAuth) {
            case NONE -> parameters.setNeedClientAuth(false);
            case WANT -> parameters.setWantClientAuth(true);
            case NEED -> parameters.setNeedClientAuth(true);
        }
        parameters.setApplicationProtocols(http2 ? new String[] {TlsSession.H2, TlsSession.HTTP_1_1}
                : new String[] {TlsSession.HTTP_1_1});
        engine.setSSLParameters(parameters);
        return new TlsSession(engine);
    }
}
