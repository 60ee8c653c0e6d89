package io.junicorn.engine;

import io.junicorn.engine.tls.TlsServer;
import io.junicorn.http.ParserOptions;

/**
 * How a connection behaves between and around requests.
 *
 * @param keepAlive false = gunicorn's sync worker: every response carries {@code Connection: close}
 * @param keepAliveTimeoutMillis how long an idle connection waits for the next request's first byte;
 *                               0 or less disables keep-alive, as gunicorn's {@code keepalive = 0}
 * @param headerTimeoutMillis the whole request head must arrive within this time (from the first byte,
 *                            or from the start for a new connection); it also bounds each wait for
 *                            request-body bytes; 0 or less means no limit
 * @param serverHeader value of the {@code Server} field added unless the application set one; null or
 *                     empty adds none
 * @param parser gunicorn's request limits and compatibility switches, for heads and trailers
 * @param proxies the PROXY protocol and the proxies whose forwarding headers are believed
 * @param tls how connections speak TLS, or null for plain HTTP
 * @param http2 whether and how connections serve HTTP/2 (h2 by ALPN, h2c by prior knowledge or Upgrade)
 * @param connectionUpgrades whether an HTTP/1.1 exchange offers {@link ConnectionUpgrade}: only where the one who
 *                           drives the connection gives it to a virtual thread after its 101 (virtual, nio)
 */
public record EngineConfig(boolean keepAlive, int keepAliveTimeoutMillis, int headerTimeoutMillis, String serverHeader,
                           ParserOptions parser, ProxySettings proxies, TlsServer tls, Http2Config http2,
                           boolean connectionUpgrades) {
    /** Without connection upgrades. */
    public EngineConfig(boolean keepAlive, int keepAliveTimeoutMillis, int headerTimeoutMillis, String serverHeader,
                        ParserOptions parser, ProxySettings proxies, TlsServer tls, Http2Config http2) {
        this(keepAlive, keepAliveTimeoutMillis, headerTimeoutMillis, serverHeader, parser, proxies, tls, http2, false);
    }

    /** Plain HTTP, HTTP/2 with its defaults. */
    public EngineConfig(boolean keepAlive, int keepAliveTimeoutMillis, int headerTimeoutMillis, String serverHeader,
                        ParserOptions parser, ProxySettings proxies) {
        this(keepAlive, keepAliveTimeoutMillis, headerTimeoutMillis, serverHeader, parser, proxies, null,
                Http2Config.DEFAULTS);
    }

    /** The same settings, with TLS (null: plain HTTP). */
    public EngineConfig withTls(TlsServer tls) {
        return new EngineConfig(keepAlive, keepAliveTimeoutMillis, headerTimeoutMillis, serverHeader, parser, proxies,
                tls, http2, connectionUpgrades);
    }

    /** The same settings, with these HTTP/2 limits. */
    public EngineConfig withHttp2(Http2Config http2) {
        return new EngineConfig(keepAlive, keepAliveTimeoutMillis, headerTimeoutMillis, serverHeader, parser, proxies,
                tls, http2, connectionUpgrades);
    }

    /** The same settings, offering {@link ConnectionUpgrade} or not. */
    public EngineConfig withConnectionUpgrades(boolean offered) {
        return new EngineConfig(keepAlive, keepAliveTimeoutMillis, headerTimeoutMillis, serverHeader, parser, proxies,
                tls, http2, offered);
    }


    /** With gunicorn's proxy defaults ({@link ProxySettings#DEFAULTS}), plain HTTP. */
    public EngineConfig(boolean keepAlive, int keepAliveTimeoutMillis, int headerTimeoutMillis, String serverHeader,
                        ParserOptions parser) {
        this(keepAlive, keepAliveTimeoutMillis, headerTimeoutMillis, serverHeader, parser, ProxySettings.DEFAULTS);
    }
}
