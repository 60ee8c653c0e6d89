package io.junicorn.engine;

import io.junicorn.engine.tls.TlsSession;
import io.junicorn.http.Http2ErrorCode;
import io.junicorn.http.Http2FrameEncoder;
import io.junicorn.http.Http2Preface;
import io.junicorn.http.HttpVersion;
import io.junicorn.http.RequestHead;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * How a connection {@link Http1Connection} accepted comes to speak HTTP/2 (docs/http.md, "HTTP/2"): ALPN h2 or
 * the h2c preface before its first request, or an HTTP/1.1 request asking for {@code Upgrade: h2c}; and the
 * refusal where HTTP/2 is off. Decisions only: the connection writes and hands over.
 */
final class Http2Handover {
    /** What the start of a connection says. */
    enum Start {
        /** HTTP/1.1 (or nonsense for the HTTP/1.1 parser to refuse). */
        HTTP1,
        /** ALPN chose h2, or the h2c preface arrived. */
        HTTP2,
        /** The h2c preface where HTTP/2 is off: answer {@link #REFUSAL} and close. */
        REFUSED,
        /** What arrived is the beginning of the h2c preface: wait for more. */
        UNDECIDED
    }

    /** What a connection switched with: the h2c Upgrade request and its HTTP2-Settings payload, or neither. */
    record Switch(RequestHead upgradedRequest, byte[] upgradeSettings) {
        static final Switch PRIOR_KNOWLEDGE = new Switch(null, null);
    }

    static final byte[] SWITCHING_PROTOCOLS = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    /**
     * SETTINGS and GOAWAY HTTP_1_1_REQUIRED, its debug text saying which workers serve HTTP/2: a client that sent
     * the preface reads frames, not an HTTP/1.1 status line, and retries over HTTP/1.1 (RFC 9113 §6.8).
     */
    static final byte[] REFUSAL = refusal();

    private Http2Handover() {
    }

    private static byte[] refusal() {
        Http2FrameEncoder frames = new Http2FrameEncoder(128);
        frames.settings();
        frames.goAway(0, Http2ErrorCode.HTTP_1_1_REQUIRED, ("HTTP/2 is served by the nio and virtual worker classes"
                + " only (and not with http_protocols = h1); use HTTP/1.1").getBytes(StandardCharsets.US_ASCII));
        return Arrays.copyOf(frames.array(), frames.length());
    }

    /** Before a new connection's first request: ALPN on TLS (RFC 9113 §3.2), the preface on plain TCP (§3.3). */
    static Start atStart(TlsSession tls, ByteBuffer in, Http2Config http2) {
        if (tls != null) {
            return TlsSession.H2.equals(tls.applicationProtocol()) ? Start.HTTP2 : Start.HTTP1;
        }
        return switch (Http2Preface.match(in)) {
            case OTHER -> Start.HTTP1;
            case PARTIAL -> in.hasRemaining() ? Start.UNDECIDED : Start.HTTP1;
            case PREFACE -> http2.enabled() ? Start.HTTP2 : Start.REFUSED;
        };
    }

    /**
     * The switch an HTTP/1.1 request asks for with {@code Upgrade: h2c} and one {@code HTTP2-Settings} field (RFC
     * 7540 §3.2, which RFC 9113 deprecates but curl and gunicorn 26.2 still use), on a plain connection, without a
     * body; null for any other request, which is served over HTTP/1.1 as the RFC permits.
     */
    static Switch upgrade(RequestHead head, boolean tls, Http2Config http2) {
        if (!http2.enabled() || tls || head.hasBody() || head.expectContinue() || head.version() != HttpVersion.HTTP_1_1) {
            return null;
        }
        String upgrade = head.field("Upgrade");
        List<String> settings = head.fieldValues("HTTP2-Settings");
        if (upgrade == null || settings.size() != 1 || !hasToken(upgrade, "h2c")) {
            return null;
        }
        byte[] payload;
        try {
            payload = Base64.getUrlDecoder().decode(settings.get(0).replace("=", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return payload.length % 6 == 0 ? new Switch(head, payload) : null;
    }

    private static boolean hasToken(String list, String token) {
        for (String element : list.split(",")) {
            if (element.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
