package io.junicorn.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The client connection preface (RFC 9113 §3.4), by which a plain listener tells an HTTP/2 client with prior
 * knowledge (h2c) from an HTTP/1.1 one: no HTTP/1.1 request starts with {@code PRI * HTTP/2.0}.
 */
public final class Http2Preface {
    public static final byte[] BYTES = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What the bytes that arrived so far say. */
    public enum Match {
        /** The whole preface is there. */
        PREFACE,
        /** What arrived is a prefix of the preface (or nothing arrived): wait for more. */
        PARTIAL,
        /** Something else: HTTP/1.1 (or nonsense, for the HTTP/1.1 parser to refuse). */
        OTHER
    }

    private Http2Preface() {
    }

    /** Looks at {@code in} without consuming it. */
    public static Match match(ByteBuffer in) {
        int n = Math.min(in.remaining(), BYTES.length);
        for (int i = 0; i < n; i++) {
            if (in.get(in.position() + i) != BYTES[i]) {
                return Match.OTHER;
            }
        }
        return n == BYTES.length ? Match.PREFACE : Match.PARTIAL;
    }
}
