package io.junicorn.engine;

import io.junicorn.http.ResponseEncoder;

import java.nio.charset.StandardCharsets;

/**
 * The engine's own answers (a refused head, a handler's failure, the request timeout): a status and a short
 * text body naming the rule, so the client learns why (docs/http.md).
 */
final class ErrorResponse {
    private static final byte[] TEXT_PLAIN_LINE = "Content-Type: text/plain; charset=utf-8\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private ErrorResponse() {
    }

    /** The body: {@code STATUS REASON}, then the detail, if any, each on its own line. */
    static byte[] body(int status, String detail) {
        String text = status + " " + ResponseEncoder.reasonPhrase(status) + "\n" + (detail == null ? "" : detail + "\n");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A complete HTTP/1.1 response with {@code Connection: close}: nothing read after an error is trusted. */
    static void encodeHttp1(ResponseEncoder enc, int status, String detail, byte[] serverLine) {
        byte[] body = body(status, detail);
        enc.statusLine(status)
                .raw(TEXT_PLAIN_LINE)
                .field(CONTENT_LENGTH, body.length)
                .raw(DateCache.dateLine())
                .raw(serverLine)
                .raw(CONNECTION_CLOSE)
                .end()
                .raw(body);
    }
}
