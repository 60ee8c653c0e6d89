package io.junicorn.engine;

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
 */
public record EngineConfig(boolean keepAlive, int keepAliveTimeoutMillis, int headerTimeoutMillis, String serverHeader,
                           ParserOptions parser, ProxySettings proxies) {
    /** With gunicorn's proxy defaults ({@link ProxySettings#DEFAULTS}). */
    public EngineConfig(boolean keepAlive, int keepAliveTimeoutMillis, int headerTimeoutMillis, String serverHeader,
                        ParserOptions parser) {
        this(keepAlive, keepAliveTimeoutMillis, headerTimeoutMillis, serverHeader, parser, ProxySettings.DEFAULTS);
    }
}
