package io.junicorn.engine;

import io.junicorn.engine.tls.TlsSession;
import io.junicorn.http.Http2ErrorCode;
import io.junicorn.http.RequestHead;
import io.junicorn.http.ResponseGenerator;
import io.junicorn.http.ResponseGenerator.Framing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An exchange on one HTTP/2 stream. The application sees what it sees over HTTP/1.1; the differences are
 * the protocol's: {@code getProtocol()} is {@code HTTP/2.0}; connection-specific response fields
 * (Connection, Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade) are dropped (RFC 9113 §8.2.2) and
 * names are sent in lower case; a body of unknown length is DATA until END_STREAM, not chunked. The head waits
 * in the exchange until the body's first flush or its end, so a small response leaves as one HEADERS and one
 * DATA frame in one write.
 */
final class Http2Exchange extends EngineExchange {
    private static final Logger log = LoggerFactory.getLogger(Http2Exchange.class);
    /** Body bytes collected before they go out as DATA. */
    private static final int BUFFER = 16 * 1024;

    private final Http2Connection connection;
    private final Http2Stream stream;
    private final ResponseBody responseBody = new ResponseBody();
    /** The response head, encoded when sendResponseHeaders was called and sent with the first body bytes. */
    private List<String[]> pendingHead;
    private int pendingStatus;
    private Framing framing;
    private boolean finished;

    Http2Exchange(Http2Connection connection, Http2Stream stream, RequestHead head, URI uri, PeerIdentity peer,
                  TlsSession tls, Http1Context context, PeerIdentity.Forwarded forwarded, int bodyTimeoutMillis) {
        super(head, uri, peer, tls, context, forwarded);
        this.connection = connection;
        this.stream = stream;
        this.in = stream.new RequestBody(head.expectContinue(), bodyTimeoutMillis);
        this.out = responseBody;
    }

    Http2Stream stream() {
        return stream;
    }

    @Override
    boolean clientGone() {
        return stream.clientGone() || connection.writeFailed();
    }

    @Override
    long bodyBytesSent() {
        return responseBody.sent;
    }

    /** 100 Continue, unless the response began (RFC 9110 §10.1.1). */
    void sendContinue() throws IOException {
        if (framing == null) {
            connection.writeContinue(stream);
        }
    }

    /**
     * @param rCode 200-599
     * @param responseLength above 0: that many bytes follow (content-length); 0: any number; -1: no body
     */
    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        commitResponse(framing != null, rCode);
        Framing decided = ResponseGenerator.framing(rCode, head.method(), head.version(), responseLength);
        List<String[]> fields;
        try {
            fields = fields(rCode, decided, responseLength);
        } catch (IllegalArgumentException e) {
            framing = Framing.EMPTY;
            responseCode = 500;
            responseBody.failed = true;
            log.error("response head refused for {} {}: {}; answering 500", head.method(), head.target(), e.getMessage());
            connection.writeResponse(stream, 500, ErrorResponse.body(500, "invalid response header"));
            throw new IOException("invalid response header: " + e.getMessage(), e);
        }
        framing = decided;
        responseCode = rCode;
        pendingStatus = rCode;
        pendingHead = fields;
        responseBody.remaining = decided == Framing.FIXED_LENGTH ? responseLength : -1;
        if (decided == Framing.EMPTY || decided == Framing.HEAD) {
            responseBody.close(); // nothing follows: the head ends the stream now
        }
    }

    /**
     * The response's fields as HTTP/2 sends them: lower-case names, checked as HTTP/1.1 checks them (a token; no
     * CR, LF, NUL or other control but HTAB in a value, nothing above 0xFF); framing and connection fields are
     * the server's (RFC 9113 §8.2.2).
     */
    private List<String[]> fields(int status, Framing decided, long declaredLength) {
        List<String[]> fields = new ArrayList<>();
        boolean describesUnsentBody = decided == Framing.HEAD || status == 304;
        boolean appDate = false;
        boolean appServer = false;
        boolean appLength = false;
        if (responseHeaders != null) {
            for (Map.Entry<String, List<String>> field : responseHeaders.entrySet()) {
                String name = field.getKey().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> {
                        continue;
                    }
                    case "content-length" -> {
                        if (!describesUnsentBody) {
                            continue;
                        }
                        appLength = true;
                    }
                    case "date" -> appDate = true;
                    case "server" -> appServer = true;
                    default -> {
                    }
                }
                checkName(name);
                for (String value : field.getValue()) {
                    String v = value == null ? "" : value;
                    checkValue(name, v);
                    fields.add(new String[] {name, v});
                }
            }
        }
        if (!appDate) {
            fields.add(new String[] {"date", DateCache.dateValue()});
        }
        if (!appServer && !connection.serverName().isEmpty()) {
            fields.add(new String[] {"server", connection.serverName()});
        }
        if (!appLength) {
            long length = switch (decided) {
                case FIXED_LENGTH -> declaredLength;
                case HEAD -> declaredLength > 0 ? declaredLength : -1;
                case EMPTY -> status == 204 || status == 304 ? -1 : 0;
                case CHUNKED, UNTIL_CLOSE -> -1;
            };
            if (length >= 0) {
                fields.add(new String[] {"content-length", Long.toString(length)});
            }
        }
        return fields;
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty response field name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7e || c <= 0x20 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("response field name is not a token (RFC 9110 §5.1)");
            }
        }
    }

    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff || (c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("invalid character in response field " + name + " (RFC 9110 §5.5)");
            }
        }
    }

    /** The head, with the body bytes in the buffer, and END_STREAM when they are all. */
    private void sendHead(byte[] body, int length, boolean endStream) throws IOException {
        List<String[]> head = pendingHead;
        pendingHead = null;
        connection.writeHeaders(stream, pendingStatus, head, body, length, endStream);
    }

    /**
     * After the handler: a failure answered (500 on the stream, or the stream reset when the response had
     * begun), a missing response answered 500, the body ended. On the handler's thread; never throws.
     */
    void end(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        if (claim.taken() || stream.isReset()) {
            return; // the request timeout answered, or the stream is gone: nobody reads an answer
        }
        try {
            if (failure != null) {
                handlerFailed(failure);
                return;
            }
            if (framing == null) {
                log.warn("handler returned without a response to {} {}; answering 500", head.method(), head.target());
                responseHeaders = null;
                sendResponseHeaders(500, -1);
            }
            if (out != responseBody) {
                out.close(); // a filter's wrapper (gzip, buffering) has bytes of its own to write
            }
            responseBody.close();
            claim.complete();
        } catch (IOException | RuntimeException e) {
            if (!clientGone()) {
                log.debug("completing the response on stream {} failed: {}", stream.id, e.toString());
            }
            connection.resetStreamQuietly(stream.id, Http2ErrorCode.INTERNAL_ERROR);
        }
    }

    private void handlerFailed(Throwable t) {
        if (abandoned()) {
            log.info("handler of {} {} ended after its request timed out: {}", head.method(), head.target(), t.toString());
            return;
        }
        if (clientGone() && !(t instanceof VirtualMachineError)) {
            log.debug("client {} went away during {} {}: {}", getRemoteAddress(), head.method(), head.target(), t.toString());
            return;
        }
        log.error("handler failed on {} {}", head.method(), head.target(), t);
        if (claim.commit()) {
            responseCode = 500;
            try {
                connection.writeResponse(stream, 500, ErrorResponse.body(500, null));
            } catch (IOException e) {
                log.debug("could not send 500 on stream {}: {}", stream.id, e.toString());
            }
        } else {
            connection.resetStreamQuietly(stream.id, Http2ErrorCode.INTERNAL_ERROR);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the request body stream failed", e);
        }
        end(null);
    }

    /**
     * The request timeout's answer or cut, from another thread: frames are written whole under the
     * connection's lock, so either goes out beside the handler's, and only this stream is affected.
     */
    @Override
    public Outcome abandon(int status) {
        return claim.abandon(status, new ResponseClaim.Takeover() {
            @Override
            public void answer(int code) {
                responseCode = code;
                try {
                    connection.writeResponse(stream, code, ErrorResponse.body(code, null));
                } catch (IOException e) {
                    log.debug("could not send {} on stream {}: {}", code, stream.id, e.toString());
                }
            }

            @Override
            public void cut() {
                connection.resetStreamQuietly(stream.id, Http2ErrorCode.INTERNAL_ERROR);
            }
        });
    }

    /** The response body: buffered up to {@link #BUFFER}, sent as DATA frames paced by flow control. */
    private final class ResponseBody extends OutputStream {
        private final byte[] buffer = new byte[BUFFER];
        private int length;
        private long remaining = -1;
        private long sent;
        private boolean closed;
        private boolean failed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException(failed ? "response failed" : "response body stream closed");
            }
            if (framing == null) {
                throw new IOException("response headers not sent yet");
            }
            if (framing == Framing.HEAD || len == 0) {
                return;
            }
            if (framing == Framing.EMPTY) {
                throw new IOException("response has no body (length -1, 204 or 304)");
            }
            if (remaining >= 0) {
                if (len > remaining) {
                    throw new IOException("too many bytes to write to stream: " + len + " > " + remaining);
                }
                remaining -= len;
            }
            while (len > 0) {
                if (length == buffer.length) {
                    emit(false);
                }
                int n = Math.min(len, buffer.length - length);
                System.arraycopy(b, off, buffer, length, n);
                length += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (!closed && framing != null && (length > 0 || pendingHead != null)) {
                emit(false);
            }
        }

        /** The buffered bytes (after the head, if it waits), ending the stream when {@code last}. */
        private void emit(boolean last) throws IOException {
            int n = length;
            length = 0;
            try {
                if (pendingHead != null) {
                    sendHead(buffer, n, last);
                } else {
                    connection.writeData(stream, buffer, 0, n, last);
                }
                sent += n;
            } catch (IOException e) {
                failed = true;
                closed = true;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            if (framing == null) {
                Http2Exchange.this.close(); // closing the stream completes the exchange: no response means 500
                return;
            }
            if (remaining > 0) {
                closed = true;
                failed = true;
                log.warn("response to {} {} ended {} bytes short of its Content-Length; resetting the stream",
                        head.method(), head.target(), remaining);
                connection.resetStreamQuietly(stream.id, Http2ErrorCode.INTERNAL_ERROR);
                throw new IOException("insufficient bytes written to stream: " + remaining + " missing");
            }
            closed = true;
            emit(true);
        }
    }
}
