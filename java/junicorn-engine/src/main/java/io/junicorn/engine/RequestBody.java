package io.junicorn.engine;

import io.junicorn.http.BodyDecoder;
import io.junicorn.http.FixedLengthDecoder;
import io.junicorn.http.HttpException;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The request body as the application reads it: Content-Length or chunked framing over the connection's
 * read buffer. A framing error is kept: the engine answers it and closes instead of reading on.
 */
final class RequestBody extends InputStream {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Reads this large skip the read buffer when it is empty. */
    private static final int DIRECT_READ = 4096;

    private final Http1Exchange exchange;
    private final ConnectionIo io;
    private final BodyDecoder decoder;
    private final FixedLengthDecoder fixed;
    private final int timeoutMillis;
    private boolean continuePending;
    private HttpException framingError;
    /** The client closed its side before the end of the body (RFC 9112 §8): there is nobody to answer. */
    private boolean truncated;
    private boolean closed;
    private byte[] one;

    /** {@code decoder} null = the request has no body. */
    RequestBody(Http1Exchange exchange, ConnectionIo io, BodyDecoder decoder, boolean expectContinue, int timeoutMillis) {
        this.exchange = exchange;
        this.io = io;
        this.decoder = decoder;
        this.fixed = decoder instanceof FixedLengthDecoder f ? f : null;
        this.timeoutMillis = timeoutMillis;
        this.continuePending = expectContinue && decoder != null;
    }

    /** The client waits for {@code 100 Continue} that was never sent: its body may never come. */
    boolean continuePending() {
        return continuePending;
    }

    HttpException framingError() {
        return framingError;
    }

    boolean truncated() {
        return truncated;
    }

    boolean isComplete() {
        return decoder == null || decoder.isComplete();
    }

    @Override
    public int read() throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("request body stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (isComplete()) {
            return -1;
        }
        if (framingError != null) {
            throw new IOException(framingError.reason(), framingError);
        }
        if (continuePending) {
            sendContinue();
        }
        return decode(b, off, len);
    }

    /** RFC 9110 §10.1.1: the client may wait for 100 before sending the body; send it on first read. */
    private void sendContinue() throws IOException {
        continuePending = false;
        if (!exchange.headersSent()) {
            io.writeNow(CONTINUE);
        }
    }

    private int decode(byte[] b, int off, int len) throws IOException {
        try {
            while (true) {
                if (decoder.isComplete()) {
                    return -1;
                }
                if (fixed != null && !io.in.hasRemaining() && len >= DIRECT_READ) {
                    int n = io.readDirect(b, off, (int) Math.min(len, fixed.remaining()), timeoutMillis);
                    if (n < 0) {
                        throw truncation();
                    }
                    fixed.consumed(n);
                    return n;
                }
                int n = decoder.read(io.in, b, off, len);
                if (n > 0) {
                    return n;
                }
                if (decoder.isComplete()) {
                    return -1;
                }
                if (io.fill(timeoutMillis) < 0) {
                    throw truncation();
                }
            }
        } catch (HttpException e) {
            framingError = e;
            throw new IOException(e.reason(), e);
        }
    }

    private EOFException truncation() {
        truncated = true;
        return new EOFException("connection closed before the end of the request body (RFC 9112 §8)");
    }

    @Override
    public int available() {
        if (isComplete() || framingError != null) {
            return 0;
        }
        return fixed != null ? (int) Math.min(fixed.remaining(), io.in.remaining()) : 0;
    }

    @Override
    public void close() {
        closed = true;
    }

    /**
     * Reads and drops what the application left unread, at most {@code limit} body bytes. True when the
     * body is complete and the connection can carry the next request.
     */
    boolean drain(int limit) {
        if (isComplete()) {
            return true;
        }
        if (framingError != null || continuePending) {
            return false;
        }
        if (fixed != null && fixed.remaining() > limit) {
            return false;
        }
        byte[] scratch = new byte[Math.min(limit, 8192)];
        long drained = 0;
        try {
            closed = false;
            while (drained <= limit) {
                int n = decode(scratch, 0, scratch.length);
                if (n < 0) {
                    return true;
                }
                drained += n;
            }
            return false;
        } catch (IOException e) {
            return false;
        } finally {
            closed = true;
        }
    }
}
