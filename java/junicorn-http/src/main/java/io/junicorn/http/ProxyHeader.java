package io.junicorn.http;

import java.net.InetSocketAddress;

/**
 * What a PROXY protocol header announced. {@code source} is the client the proxy serves, or null when
 * the connection keeps its real peer: no header ({@link #NONE}), v1 {@code UNKNOWN}, v2 {@code LOCAL}
 * (the proxy's own health check) or v2 {@code UNSPEC}.
 *
 * @param version 1 or 2; 0 when the connection did not start with a PROXY header
 */
public record ProxyHeader(int version, InetSocketAddress source, InetSocketAddress destination) {
    public static final ProxyHeader NONE = new ProxyHeader(0, null, null);
}
