package io.junicorn.engine;

import io.junicorn.http.ForwardedHeaders;
import io.junicorn.http.HttpException;
import io.junicorn.http.ProxyHeader;
import io.junicorn.http.ProxyProtocolParser;
import io.junicorn.http.RequestHead;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Who is at the other end of a connection (docs/http.md, "Behind a proxy"): the peer, or the source named by
 * the PROXY protocol header the connection may start with, and, per request, the client and scheme a trusted
 * proxy's forwarding headers report. Shared by both protocols: an HTTP/2 connection's streams have the
 * connection's identity, each with its own forwarding headers.
 */
final class PeerIdentity {
    /** What trusted proxies said about one request: its client (port 0: unknown) or null, and its scheme. */
    record Forwarded(InetSocketAddress client, String scheme) {
    }

    private final SocketChannel channel;
    private final ProxySettings proxies;
    private final ProxyProtocolParser proxyParser;
    private InetSocketAddress localAddress;
    private volatile InetSocketAddress remoteAddress;
    /** Whether this connection's peer is a proxy whose forwarding headers count; decided once. */
    private Boolean forwarderTrusted;
    /** Whether the PROXY protocol header a connection may start with has been read (or found absent). */
    private boolean proxyHeaderSettled;

    PeerIdentity(SocketChannel channel, ProxySettings proxies) {
        this.channel = channel;
        this.proxies = proxies;
        this.proxyParser = new ProxyProtocolParser(proxies.proxyProtocol());
    }

    /**
     * Reads the PROXY protocol header the connection may start with, once: its source becomes the remote
     * address. A header from a peer not in proxy_allow_ips is refused with 403, malformed or not, as gunicorn's
     * ForbiddenProxyRequest. False while more bytes are needed; the caller's head deadline bounds it.
     */
    boolean settleProxyHeader(ByteBuffer in) {
        if (proxyHeaderSettled) {
            return true;
        }
        ProxyHeader header;
        try {
            header = proxyParser.parse(in);
        } catch (HttpException e) {
            throw mayAnnounce() ? e : forbiddenProxy();
        }
        if (header == null) {
            return false;
        }
        if (header != ProxyHeader.NONE && !mayAnnounce()) {
            throw forbiddenProxy();
        }
        if (header.source() != null) {
            remoteAddress = header.source();
        }
        proxyHeaderSettled = true;
        return true;
    }

    private boolean mayAnnounce() {
        InetSocketAddress peer = remoteAddress();
        return proxies.mayAnnounce(peer == null ? null : peer.getAddress());
    }

    private static HttpException forbiddenProxy() {
        return new HttpException(403, "PROXY protocol header from a peer not in proxy_allow_ips");
    }

    /**
     * The request's client and scheme: from its forwarding headers when the peer (after any PROXY header) is
     * trusted, else the connection's own ({@code https} when it terminates TLS).
     */
    Forwarded forwarded(RequestHead head, boolean tls) {
        String scheme = tls ? "https" : "http";
        if (!forwarderTrusted()) {
            return new Forwarded(null, scheme);
        }
        ForwardedHeaders forwarded = proxies.forwarded();
        InetAddress client = forwarded.client(head);
        return new Forwarded(client == null ? null : new InetSocketAddress(client, 0), forwarded.scheme(head, scheme));
    }

    /** Decided for the remote address, which a PROXY header may have replaced, once per connection. */
    private boolean forwarderTrusted() {
        if (forwarderTrusted == null) {
            InetSocketAddress peer = remoteAddress();
            forwarderTrusted = proxies.forwarded().trusts(peer == null ? null : peer.getAddress());
        }
        return forwarderTrusted;
    }

    InetSocketAddress remoteAddress() {
        if (remoteAddress == null) {
            try {
                remoteAddress = inet(channel.getRemoteAddress());
            } catch (IOException e) {
                return null;
            }
        }
        return remoteAddress;
    }

    InetSocketAddress localAddress() {
        if (localAddress == null) {
            try {
                localAddress = inet(channel.getLocalAddress());
            } catch (IOException e) {
                return null;
            }
        }
        return localAddress;
    }

    /**
     * {@code HttpExchange} speaks {@code InetSocketAddress} only. A unix-domain address becomes an
     * unresolved one whose host string is the socket's path (empty for a client that did not bind one,
     * the usual case) and whose port is 0; its {@code getAddress()} is null, which tells a handler the
     * peer has no IP address.
     */
    private static InetSocketAddress inet(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet;
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return InetSocketAddress.createUnresolved(unix.getPath().toString(), 0);
        }
        return null;
    }
}
