package io.junicorn.engine;

import io.junicorn.http.ChunkedEncoder;
import io.junicorn.http.ResponseGenerator.Framing;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The response body stream handed to the application. Its framing is chosen by
 * {@code sendResponseHeaders} ({@link io.junicorn.http.ResponseGenerator}): for HEAD the application may
 * write the body it would send for GET and it is dropped; with no body (length -1, 204, 304) writing is an
 * error, as in the JDK server. Bytes go to the connection's write buffer right after the head, so a
 * small response leaves in one write. Chunks are framed in place: space for the size line is kept in
 * front of the data.
 */
final class ResponseBody extends OutputStream {
    /** Room in front of each chunk for its size line. */
    private static final int RESERVE = ChunkedEncoder.MAX_SIZE_LINE;
    /** Room kept at the end of the buffer for the CRLF after a chunk and the last-chunk. */
    private static final int TAIL = 2 + ChunkedEncoder.LAST_CHUNK.length;

    private final Http1Exchange exchange;
    private final ConnectionIo io;
    /** Null until sendResponseHeaders. */
    private Framing framing;
    /** The response was abandoned (invalid head, handler failure). */
    private boolean failed;
    private long remaining;
    private int dataStart;
    private boolean closed;
    private byte[] one;
    /**
     * Body bytes the application wrote and the client gets (gunicorn's access log %(B)s); when the client
     * left, those that reached the socket before (chunk framing aside).
     */
    private long bytesSent;
    /** Where the body begins in the connection's output ({@link ConnectionIo#written()}'s count). */
    private long bodyStart;

    ResponseBody(Http1Exchange exchange, ConnectionIo io) {
        this.exchange = exchange;
        this.io = io;
    }

    /** Called once the head is in the write buffer. */
    void start(Framing framing, long length) {
        this.framing = framing;
        this.bodyStart = io.written() + io.outLength;
        this.remaining = length;
        if (framing == Framing.CHUNKED) {
            if (io.outLength > io.out.length / 2) {
                try {
                    io.flush();
                } catch (IOException e) {
                    fail();
                    return;
                }
            }
            dataStart = io.outLength + RESERVE;
            io.outLength = dataStart;
        }
    }

    void fail() {
        failed = true;
        closed = true;
        io.discardOutput();
    }

    boolean failed() {
        return failed;
    }

    long bytesSent() {
        return bytesSent;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void write(int b) throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            writeBody(b, off, len);
        } catch (IOException e) {
            countSentOnly(len);
            throw e;
        }
    }

    /**
     * After a failed write: when the client left, the body bytes that reached the socket (chunk framing
     * included, for a chunked body), at most what the application gave, the {@code pending} bytes of the call
     * that failed included.
     */
    private void countSentOnly(int pending) {
        if (io.writeFailed()) {
            bytesSent = Math.min(bytesSent + pending, Math.max(0, io.written() - bodyStart));
        }
    }

    private void writeBody(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException(failed ? "response failed" : "response body stream closed");
        }
        if (framing == null) {
            throw new IOException("response headers not sent yet");
        }
        switch (framing) {
            case FIXED_LENGTH -> {
                if (len > remaining) {
                    throw new IOException("too many bytes to write to stream: " + len + " > " + remaining);
                }
                remaining -= len;
                io.write(b, off, len);
                bytesSent += len;
            }
            case CHUNKED -> {
                writeChunked(b, off, len);
                bytesSent += len;
            }
            case UNTIL_CLOSE -> {
                io.write(b, off, len);
                bytesSent += len;
            }
            case HEAD -> {
            }
            case EMPTY -> {
                if (len > 0) {
                    throw new IOException("response has no body (length -1, 204 or 304)");
                }
            }
        }
    }

    private void writeChunked(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int space = io.out.length - TAIL - io.outLength;
            if (space == 0) {
                emitChunk(false);
                continue;
            }
            int k = Math.min(space, len);
            System.arraycopy(b, off, io.out, io.outLength, k);
            io.outLength += k;
            off += k;
            len -= k;
        }
    }

    /**
     * Writes the pending head (if any) and the chunk being collected, framed; with {@code last}, also
     * the last-chunk. The size line goes into the reserved space in front of the data, and the head is
     * moved up against it so everything leaves in one write.
     */
    private void emitChunk(boolean last) throws IOException {
        byte[] buf = io.out;
        int prefix = dataStart - RESERVE;
        int size = io.outLength - dataStart;
        int start;
        if (size > 0) {
            int sizeLine = ChunkedEncoder.writeSizeLineBefore(buf, dataStart, size);
            buf[io.outLength++] = '\r';
            buf[io.outLength++] = '\n';
            start = sizeLine - prefix;
            if (prefix > 0) {
                System.arraycopy(buf, 0, buf, start, prefix);
            }
        } else {
            io.outLength = prefix;
            start = 0;
        }
        if (last) {
            System.arraycopy(ChunkedEncoder.LAST_CHUNK, 0, buf, io.outLength, ChunkedEncoder.LAST_CHUNK.length);
            io.outLength += ChunkedEncoder.LAST_CHUNK.length;
            if (exchange.mayHoldBackResponse()) { // as complete() does for the other framings
                int length = io.outLength - start;
                System.arraycopy(buf, start, buf, 0, length); // close the gap the size line left in front
                io.outLength = length;
                io.responseComplete();
                return;
            }
        }
        if (io.outLength > start) {
            io.writeRange(start, io.outLength);
        }
        io.outLength = 0;
        if (!last) {
            dataStart = RESERVE;
            io.outLength = RESERVE;
        }
    }

    @Override
    public void flush() throws IOException {
        if (closed || framing == null) {
            return;
        }
        if (framing != Framing.CHUNKED) {
            io.flush();
        } else if (io.outLength > dataStart || dataStart > RESERVE) {
            emitChunk(false);
        }
    }

    /**
     * A whole response waits in the buffer while the client's next request is already there (pipelining):
     * it leaves with the responses after it, in one write, instead of one write each.
     */
    private void complete() throws IOException {
        if (exchange.mayHoldBackResponse()) {
            io.responseComplete();
        } else {
            io.flush();
        }
    }

    /** Ends the body: the last-chunk, or a check that Content-Length bytes were written; then flushes (see complete). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (framing == null) {
            // closing the stream completes the exchange (HttpExchange contract); no response yet means 500
            exchange.close();
            return;
        }
        closed = true;
        try {
            switch (framing) {
                case CHUNKED -> emitChunk(true);
                case FIXED_LENGTH -> {
                    if (remaining > 0) {
                        io.flush();
                        exchange.responseShort(remaining);
                        throw new IOException("insufficient bytes written to stream: " + remaining + " missing");
                    }
                    complete();
                }
                default -> complete();
            }
        } catch (IOException e) {
            countSentOnly(0);
            exchange.responseTruncated();
            throw e;
        }
    }
}
