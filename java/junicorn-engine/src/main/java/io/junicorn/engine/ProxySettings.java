package io.junicorn.engine;

import io.junicorn.http.AddressList;
import io.junicorn.http.ForwardedHeaders;
import io.junicorn.http.ProxyProtocolParser;

import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * Which proxies a connection believes (docs/http.md, "Behind a proxy").
 *
 * @param proxyProtocol which PROXY protocol versions a connection may start with (proxy_protocol)
 * @param proxyAllowIps the peers allowed to send a PROXY header (proxy_allow_ips); others get 403
 * @param forwarded the peers whose X-Forwarded-For and scheme headers count (forwarded_allow_ips,
 *                  secure_scheme_headers)
 */
public record ProxySettings(ProxyProtocolParser.Mode proxyProtocol, Predicate<InetAddress> proxyAllowIps,
                            ForwardedHeaders forwarded) {
    public static final String DEFAULT_PROXY_ALLOW_IPS = "127.0.0.1,::1";

    /** gunicorn's defaults: no PROXY protocol, headers believed from 127.0.0.1 and ::1. */
    public static final ProxySettings DEFAULTS = new ProxySettings(ProxyProtocolParser.Mode.OFF,
            AddressList.parse(DEFAULT_PROXY_ALLOW_IPS), ForwardedHeaders.defaults());

    /** A unix-socket peer (null) is always allowed, as in gunicorn: only local processes can connect. */
    boolean mayAnnounce(InetAddress peer) {
        return peer == null || proxyAllowIps.test(peer);
    }
}
