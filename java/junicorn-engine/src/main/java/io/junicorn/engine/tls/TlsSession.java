package io.junicorn.engine.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * One server-side TLS connection as buffers, without a socket: network bytes go in through
 * {@link #readFrom}, come out through {@link #writeTo}; application bytes are decrypted by {@link #unwrap}
 * and encrypted by {@link #wrap}. Each call says what it needs next ({@link Status}), so the same object
 * serves a blocking loop (the engine's {@code TlsTransport}) and a selector loop (register for read on
 * NEED_READ, for write on NEED_WRITE). It drives the handshake inside those calls, runs the SSLEngine's
 * delegated tasks inline, refuses renegotiation, and answers a plain-HTTP first request with
 * {@link PlainHttpException} (before the SSLEngine sees it).
 *
 * <p>Threads: one thread reads (readFrom, unwrap, handshake); writing (wrap, closeOutbound, writeTo) may
 * happen from another thread, such as the request timeout's, as SSLEngine allows wrap and unwrap to run at
 * once; the outbound buffer is guarded by this object's monitor.
 */
public final class TlsSession {
    /** What a call needs next. */
    public enum Status {
        /** Done: data was moved, or the handshake is complete. */
        OK,
        /** More network bytes are needed: {@link #readFrom} (after the socket is readable). */
        NEED_READ,
        /** Network bytes are waiting to be sent: {@link #writeTo} until {@link #hasPendingOutput()} is false. */
        NEED_WRITE,
        /** The peer sent close_notify: no more application data will come. Send what is pending and close. */
        CLOSED
    }

    /** HTTP/1.1 by ALPN: offered always, and the only protocol where the worker does not serve HTTP/2. */
    public static final String HTTP_1_1 = "http/1.1";
    /** HTTP/2 over TLS (RFC 9113 §3.2), offered first where the worker serves it. */
    public static final String H2 = "h2";

    /** The first byte of a TLS handshake record (RFC 8446 §5.1, ContentType handshake). */
    private static final int HANDSHAKE_RECORD = 0x16;

    /** nginx's answer to plain HTTP on an HTTPS port, sent in the clear by whoever holds the socket. */
    public static final byte[] PLAIN_HTTP_RESPONSE = plainHttpResponse();

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    /** Network input not yet unwrapped, read mode. */
    private ByteBuffer netIn;
    /** Network output not yet sent, read mode. Guarded by this. */
    private ByteBuffer netOut;
    /** Decrypted input not yet taken, read mode. */
    private ByteBuffer appIn;
    private volatile boolean handshakeDone;
    private boolean sawFirstByte;
    private boolean inboundClosed;

    /** A server session on {@code engine}, whose parameters are set already; begins the handshake. */
    public TlsSession(SSLEngine engine) throws SSLException {
        this.engine = engine;
        SSLSession session = engine.getSession();
        this.netIn = ByteBuffer.allocate(session.getPacketBufferSize()).limit(0);
        this.netOut = ByteBuffer.allocate(session.getPacketBufferSize()).limit(0);
        this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize()).limit(0);
        engine.beginHandshake();
    }

    /** Reads network bytes with {@code reader} (a channel's read, timed or not): its result, -1 at end of stream. */
    public int readFrom(NetworkReader reader) throws IOException {
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) { // a record longer than the session's packet size: the peer's bug
                netIn.flip();
                netIn = grow(netIn, netIn.capacity() * 2);
                netIn.position(netIn.limit()).limit(netIn.capacity());
            }
            return reader.read(netIn);
        } finally {
            netIn.flip();
        }
    }

    /** Reads network bytes into a buffer in write mode; {@code SocketChannel::read} is one. */
    @FunctionalInterface
    public interface NetworkReader {
        int read(ByteBuffer dst) throws IOException;
    }

    /** Writes pending network bytes to {@code channel}: the number written (0 when a non-blocking channel is full). */
    public synchronized int writeTo(WritableByteChannel channel) throws IOException {
        return channel.write(netOut);
    }

    public synchronized boolean hasPendingOutput() {
        return netOut.hasRemaining();
    }

    /**
     * Whether input was read from the socket but not handed out yet (decrypted bytes, or network bytes not yet
     * unwrapped): a selector will not report it, so call {@link #unwrap} again before waiting for readability.
     */
    public boolean hasBufferedInput() {
        return appIn.hasRemaining() || netIn.hasRemaining();
    }

    public boolean handshakeComplete() {
        return handshakeDone;
    }

    /** The negotiated session (protocol, cipher suite, peer certificates) once the handshake is complete. */
    public SSLSession session() {
        return engine.getSession();
    }

    /** The ALPN result: "http/1.1", or "" when the client offered none. */
    public String applicationProtocol() {
        String protocol = engine.getApplicationProtocol();
        return protocol == null ? "" : protocol;
    }

    /**
     * Advances the handshake: OK once it is complete (pending output may remain: send it), else what it needs.
     *
     * @throws PlainHttpException when the client spoke plain HTTP (send {@link #PLAIN_HTTP_RESPONSE} and close)
     * @throws SSLException when the handshake failed (an alert may be pending: send it, then close)
     */
    public Status handshake() throws SSLException {
        try {
            return advanceHandshake();
        } catch (PlainHttpException e) {
            throw e;
        } catch (SSLException e) {
            queueAlert(); // a failure in a delegated task surfaces at the next wrap, with the alert still to send
            throw e;
        }
    }

    private Status advanceHandshake() throws SSLException {
        while (!handshakeDone) {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    if (!wrapHandshake()) {
                        return Status.NEED_WRITE;
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    Status s = unwrapOnce();
                    if (s != null) {
                        return s;
                    }
                }
                case NOT_HANDSHAKING, FINISHED -> handshakeDone = true;
            }
        }
        return Status.OK;
    }

    /**
     * Moves decrypted application bytes into {@code dst} (any size), reading the handshake first when needed.
     * OK when at least one byte was moved.
     */
    public Status unwrap(ByteBuffer dst) throws SSLException {
        while (true) {
            if (appIn.hasRemaining()) {
                int n = Math.min(appIn.remaining(), dst.remaining());
                dst.put(dst.position(), appIn, appIn.position(), n).position(dst.position() + n);
                appIn.position(appIn.position() + n);
                return Status.OK;
            }
            if (inboundClosed) {
                return Status.CLOSED;
            }
            if (!handshakeDone) {
                Status s = handshake();
                if (s != Status.OK) {
                    return s;
                }
                continue;
            }
            Status s = unwrapOnce();
            if (s != null) {
                return s;
            }
        }
    }

    /**
     * Encrypts as much of {@code src} as the outbound buffer takes. OK when all of it was taken (send the
     * pending output), NEED_WRITE when the buffer is full first, NEED_READ while the handshake needs input.
     */
    public Status wrap(ByteBuffer src) throws SSLException {
        if (!handshakeDone) {
            Status s = handshake();
            if (s != Status.OK) {
                return s;
            }
        }
        synchronized (this) {
            while (src.hasRemaining()) {
                netOut.compact();
                SSLEngineResult r;
                try {
                    r = engine.wrap(src, netOut);
                } finally {
                    netOut.flip();
                }
                switch (r.getStatus()) {
                    case OK -> {
                        if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                            throw new SSLException("the TLS engine made no progress wrapping data ("
                                    + r.getHandshakeStatus() + ")");
                        }
                    }
                    case BUFFER_OVERFLOW -> {
                        if (netOut.hasRemaining()) {
                            return Status.NEED_WRITE;
                        }
                        netOut = grow(netOut, engine.getSession().getPacketBufferSize());
                    }
                    case CLOSED -> throw new SSLException("the TLS connection is closed");
                    case BUFFER_UNDERFLOW -> throw new IllegalStateException("wrap underflow");
                }
            }
        }
        return Status.OK;
    }

    /** Queues close_notify (send the pending output afterwards); no application data may follow. */
    public synchronized void closeOutbound() {
        engine.closeOutbound();
        try {
            while (!engine.isOutboundDone()) {
                netOut.compact();
                SSLEngineResult r;
                try {
                    r = engine.wrap(EMPTY, netOut);
                } finally {
                    netOut.flip();
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = grow(netOut, netOut.capacity() * 2);
                } else if (r.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException e) {
            // the connection failed already: nothing more to say to the peer
        }
    }

    /** One unwrap of network input: null when it made progress, else the status to return. */
    private Status unwrapOnce() throws SSLException {
        if (!sawFirstByte && netIn.hasRemaining()) {
            sawFirstByte = true;
            int first = netIn.get(netIn.position()) & 0xFF;
            if (first != HANDSHAKE_RECORD && first >= 'A' && first <= 'Z') {
                throw new PlainHttpException();
            }
        }
        appIn.compact();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } catch (SSLException e) {
            queueAlert();
            throw e;
        } finally {
            appIn.flip();
        }
        HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == HandshakeStatus.FINISHED) {
            handshakeDone = true;
        } else if (handshakeDone && hs != HandshakeStatus.NOT_HANDSHAKING && renegotiation()) {
            throw new SSLHandshakeException("TLS renegotiation refused");
        }
        return switch (r.getStatus()) {
            case OK -> null;
            case BUFFER_UNDERFLOW -> {
                if (netIn.capacity() < engine.getSession().getPacketBufferSize()) {
                    netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                }
                yield hasPendingOutput() ? Status.NEED_WRITE : Status.NEED_READ;
            }
            case BUFFER_OVERFLOW -> {
                appIn = grow(appIn, appIn.remaining() + engine.getSession().getApplicationBufferSize());
                yield null;
            }
            case CLOSED -> {
                inboundClosed = true;
                if (!handshakeDone) {
                    throw new SSLHandshakeException("the client closed the connection during the TLS handshake");
                }
                closeOutbound(); // the close_notify reply
                yield appIn.hasRemaining() ? null : Status.CLOSED;
            }
        };
    }

    /**
     * TLS 1.3 has no renegotiation: its post-handshake messages (KeyUpdate) also move the handshake status
     * and are fine. Before 1.3 a new handshake on a running connection is a renegotiation, refused as the
     * CVE-2011-1473 class of CPU attacks and the complexity it brings (nginx refuses it too).
     */
    private boolean renegotiation() {
        return !"TLSv1.3".equals(engine.getSession().getProtocol());
    }

    /** A handshake wrap: false when the outbound buffer is full and must be sent first. */
    private synchronized boolean wrapHandshake() throws SSLException {
        netOut.compact();
        SSLEngineResult r;
        try {
            r = engine.wrap(EMPTY, netOut);
        } finally {
            netOut.flip();
        }
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeDone = true;
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            if (netOut.hasRemaining()) {
                return false;
            }
            netOut = grow(netOut, netOut.capacity() * 2);
        } else if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new SSLHandshakeException("the TLS handshake failed");
        }
        return true;
    }

    /** After a failed unwrap the SSLEngine holds the alert to send; wrap it so the client learns why. */
    private synchronized void queueAlert() {
        try {
            for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                netOut.compact();
                try {
                    engine.wrap(EMPTY, netOut);
                } finally {
                    netOut.flip();
                }
            }
        } catch (SSLException e) {
            // no alert then: the connection is closed without one
        }
    }

    private void runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    /** A copy of {@code b}'s unread bytes (read mode) with room for {@code capacity} bytes, in read mode. */
    private static ByteBuffer grow(ByteBuffer b, int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(capacity, b.remaining()));
        bigger.put(b);
        return bigger.flip();
    }

    private static byte[] plainHttpResponse() {
        String body = "400 Bad Request\nplain HTTP request sent to HTTPS port\n";
        return ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    /** The first bytes of the connection were plain HTTP: answer {@link #PLAIN_HTTP_RESPONSE} in the clear. */
    public static final class PlainHttpException extends SSLException {
        PlainHttpException() {
            super("plain HTTP request sent to the HTTPS port");
        }
    }
}
