package io.junicorn.engine;

import io.junicorn.http.ParserOptions;
import io.junicorn.http.RequestHead;
import io.junicorn.http.RequestParser;

import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The request head being read and its deadline: the header timeout counts from the accept for a connection's
 * first head, and from its first byte for each later one (gunicorn's and nginx's
 * {@code client_header_timeout}). A head that serveAvailable left half read is pending, resumed by the next
 * call. The parser underneath takes whatever bytes arrived; this class knows when to stop waiting for more.
 */
final class HeadReader {
    /** A header timeout of 0 means none: a deadline a century away, which nanoTime arithmetic survives. */
    private static final long NO_TIMEOUT_NANOS = TimeUnit.DAYS.toNanos(36_500);

    private final RequestParser parser;
    private final long timeoutNanos;
    private long deadline;
    private boolean pending;

    HeadReader(ParserOptions options, int headerTimeoutMillis, long acceptNanos) {
        this.parser = new RequestParser(options);
        this.timeoutNanos = headerTimeoutMillis > 0 ? TimeUnit.MILLISECONDS.toNanos(headerTimeoutMillis) : NO_TIMEOUT_NANOS;
        this.deadline = acceptNanos + timeoutNanos;
    }

    /** The connection's first head: its deadline counts from the accept, set by the constructor. */
    void startFirst() {
        parser.reset();
    }

    /** A later head, whose first byte arrived (or is there) now. */
    void startAt(long nanos) {
        parser.reset();
        deadline = nanos + timeoutNanos;
    }

    /** The head, once its bytes in {@code in} are complete; null while more are needed. */
    RequestHead parse(ByteBuffer in) {
        return parser.parse(in);
    }

    /** Whether any byte of the head was read. */
    boolean started() {
        return parser.started();
    }

    /** When the head must be complete (nanoTime). */
    long deadline() {
        return deadline;
    }

    /**
     * How long a read for more of the head may wait, at least 1 ms; 0 (no limit) without a header timeout.
     *
     * @throws SocketTimeoutException once the deadline passed
     */
    int millisLeft() throws SocketTimeoutException {
        if (timeoutNanos == NO_TIMEOUT_NANOS) {
            return 0;
        }
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new SocketTimeoutException("header timeout");
        }
        return (int) Math.max(1, nanos / 1_000_000L);
    }

    /** The connection went back to its selector in the middle of this head. */
    void pause() {
        pending = true;
    }

    /** Whether a head was paused; resuming it clears that. */
    boolean resume() {
        boolean was = pending;
        pending = false;
        return was;
    }

    boolean pending() {
        return pending;
    }
}
