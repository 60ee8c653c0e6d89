package io.junicorn.engine;

import io.junicorn.engine.tls.TlsSession;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connection's bytes through TLS: {@link TlsSession} over the channel, blocking or not. A read's timeout
 * covers everything it waits for, the handshake included, so the first request's header timeout bounds the
 * handshake too. Writes are serialized (the request timeout may answer from another thread) so TLS records
 * never interleave.
 */
final class TlsTransport extends Transport {
    private final TlsSession session;

    TlsTransport(SocketChannel channel, TlsSession session) {
        super(channel);
        this.session = session;
    }

    @Override
    int read(ByteBuffer dst, int timeoutMillis) throws IOException {
        blocking();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        int start = dst.position();
        while (true) {
            switch (unwrap(dst)) {
                case OK -> {
                    return dst.position() - start;
                }
                case CLOSED -> {
                    flushQuietly();
                    return -1;
                }
                case NEED_WRITE -> flush();
                case NEED_READ -> {
                    int left = 0;
                    if (timeoutMillis > 0) {
                        long nanos = deadline - System.nanoTime();
                        if (nanos <= 0) {
                            throw new SocketTimeoutException("read timed out");
                        }
                        left = (int) Math.max(1, nanos / 1_000_000L);
                    }
                    int wait = left;
                    if (session.readFrom(b -> reads.read(b, wait)) < 0) {
                        return -1;
                    }
                }
            }
        }
    }

    @Override
    int readNow(ByteBuffer dst) throws IOException {
        nonBlocking();
        int start = dst.position();
        while (true) {
            switch (unwrap(dst)) {
                case OK -> {
                    return dst.position() - start;
                }
                case CLOSED -> {
                    flushQuietly();
                    return -1;
                }
                case NEED_WRITE -> flushFromNonBlocking();
                case NEED_READ -> {
                    int n = session.readFrom(channel::read);
                    if (n <= 0) {
                        return n;
                    }
                }
            }
        }
    }

    /** unwrap, answering a plain-HTTP client in the clear and sending any alert before the failure goes up. */
    private TlsSession.Status unwrap(ByteBuffer dst) throws IOException {
        try {
            return session.unwrap(dst);
        } catch (TlsSession.PlainHttpException e) {
            blocking();
            ByteBuffer answer = ByteBuffer.wrap(TlsSession.PLAIN_HTTP_RESPONSE);
            while (answer.hasRemaining()) {
                channel.write(answer);
            }
            throw e;
        } catch (SSLException e) {
            flushQuietly();
            throw e;
        }
    }

    @Override
    synchronized void write(ByteBuffer src) throws IOException {
        blocking();
        while (true) {
            TlsSession.Status status = session.wrap(src);
            flush();
            if (status == TlsSession.Status.OK) {
                return;
            }
            if (status != TlsSession.Status.NEED_WRITE) {
                throw new SSLException("cannot write before the TLS handshake is complete");
            }
        }
    }

    @Override
    synchronized void shutdownOutput() throws IOException {
        session.closeOutbound();
        flushQuietly();
        channel.shutdownOutput();
    }

    @Override
    TlsSession tls() {
        return session;
    }

    /** Sends what the session holds; the channel is in blocking mode. */
    private void flush() throws IOException {
        while (session.hasPendingOutput()) {
            session.writeTo(channel);
        }
    }

    /**
     * Handshake bytes while the channel is non-blocking: a full socket buffer (rare: a flight is a few KB) is
     * waited out in blocking mode rather than spun on.
     */
    private void flushFromNonBlocking() throws IOException {
        while (session.hasPendingOutput()) {
            if (session.writeTo(channel) == 0) {
                blocking();
                flush();
                nonBlocking();
            }
        }
    }

    /** An alert or close_notify: best effort, the connection ends anyway. */
    private void flushQuietly() {
        try {
            if (session.hasPendingOutput()) {
                blocking();
                flush();
            }
        } catch (IOException e) {
            // the peer is gone: nothing more to tell it
        }
    }
}
