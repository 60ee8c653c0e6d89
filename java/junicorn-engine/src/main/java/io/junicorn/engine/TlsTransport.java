package io.junicorn.engine;

import io.junicorn.engine.tls.TlsSession;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * TLS layered over any byte transport: {@link TlsSession} between the engine and a raw {@link Transport} (a
 * plain channel, or an event loop's), so every worker class serves TLS with this one class. The raw transport
 * keeps what it owns (blocking mode, read deadlines, output queues, closing); this class only wraps and
 * unwraps. A read's timeout covers everything it waits for, the handshake included, so the first request's
 * header timeout bounds the handshake too. Writes are serialized (the request timeout may answer from another
 * thread) so TLS records never interleave.
 */
final class TlsTransport implements Transport {
    private final Transport raw;
    private final TlsSession session;
    private final WritableByteChannel toRaw;
    /** The same, with the hint that more output follows soon (pipelined responses). */
    private final WritableByteChannel toRawBatched;

    TlsTransport(Transport raw, TlsSession session) {
        this.raw = raw;
        this.session = session;
        this.toRaw = new RawOutput(b -> raw.write(b, false));
        this.toRawBatched = new RawOutput(b -> raw.write(b, true));
    }

    TlsSession session() {
        return session;
    }

    @Override
    public int read(ByteBuffer dst, int timeoutMillis) throws IOException {
        return read(dst, timeoutMillis, raw::read);
    }

    /** The session's buffers survive a timeout (TlsSession.readFrom), so the connection goes on after one. */
    @Override
    public int readKeepingOpen(ByteBuffer dst, int timeoutMillis) throws IOException {
        return read(dst, timeoutMillis, raw::readKeepingOpen);
    }

    /** A raw transport's timed read. */
    private interface TimedRead {
        int read(ByteBuffer dst, int timeoutMillis) throws IOException;
    }

    private int read(ByteBuffer dst, int timeoutMillis, TimedRead rawRead) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        return readApplication(dst, () -> {
            int left = 0;
            if (timeoutMillis > 0) {
                long nanos = deadline - System.nanoTime();
                if (nanos <= 0) {
                    throw new SocketTimeoutException("read timed out");
                }
                left = (int) Math.max(1, nanos / 1_000_000L);
            }
            int wait = left;
            return session.readFrom(b -> rawRead.read(b, wait));
        });
    }

    @Override
    public int readNow(ByteBuffer dst) throws IOException {
        return readApplication(dst, () -> session.readFrom(raw::readNow));
    }

    /** One read of network bytes into the session: the raw transport's result. */
    private interface NetworkRead {
        int read() throws IOException;
    }

    /**
     * Unwraps into {@code dst}, reading network bytes with {@code network} when the session needs them and
     * sending what the handshake produces: the number of application bytes, or the network read's 0 (nothing
     * there yet) or -1 (end of stream).
     */
    private int readApplication(ByteBuffer dst, NetworkRead network) throws IOException {
        int start = dst.position();
        while (true) {
            switch (unwrap(dst)) {
                case OK -> {
                    return dst.position() - start;
                }
                case CLOSED -> {
                    sendQuietly();
                    return -1;
                }
                case NEED_WRITE -> send(false);
                case NEED_READ -> {
                    int n = network.read();
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
            raw.write(ByteBuffer.wrap(TlsSession.PLAIN_HTTP_RESPONSE), false);
            throw e;
        } catch (SSLException e) {
            sendQuietly();
            throw e;
        }
    }

    @Override
    public synchronized void write(ByteBuffer src, boolean moreFollows) throws IOException {
        while (true) {
            TlsSession.Status status = session.wrap(src);
            send(moreFollows);
            if (status == TlsSession.Status.OK) {
                return;
            }
            if (status != TlsSession.Status.NEED_WRITE) {
                throw new SSLException("cannot write before the TLS handshake is complete");
            }
        }
    }

    /** The response and close_notify go to the raw transport's own write-and-shutdown, which never waits. */
    @Override
    public synchronized void writeAndShutdown(ByteBuffer src) throws IOException {
        TlsSession.Status status;
        while ((status = session.wrap(src)) == TlsSession.Status.NEED_WRITE) {
            send(false);
        }
        if (status != TlsSession.Status.OK) {
            throw new SSLException("cannot write before the TLS handshake is complete");
        }
        session.closeOutbound();
        session.writeTo(new RawOutput(raw::writeAndShutdown));
    }

    @Override
    public void awaitInSelector() throws IOException {
        raw.awaitInSelector();
    }

    @Override
    public boolean hasBufferedInput() {
        return session.hasBufferedInput();
    }

    /** close_notify first, then the raw transport's linger over whatever the peer still sends. */
    @Override
    public void closeGracefully(int lingerMillis, int maxBytes) {
        session.closeOutbound();
        sendQuietly();
        raw.closeGracefully(lingerMillis, maxBytes);
    }

    @Override
    public void close() {
        raw.close();
    }

    @Override
    public void abort() {
        raw.abort();
    }

    /** Sends what the session holds. */
    private synchronized void send(boolean moreFollows) throws IOException {
        WritableByteChannel out = moreFollows ? toRawBatched : toRaw;
        while (session.hasPendingOutput()) {
            session.writeTo(out);
        }
    }

    /** An alert or close_notify: best effort, the connection ends anyway. */
    private void sendQuietly() {
        try {
            send(false);
        } catch (IOException e) {
            // the peer is gone: nothing more to tell it
        }
    }

    /** One of the raw transport's writes, which take everything they are given. */
    private interface RawWrite {
        void write(ByteBuffer src) throws IOException;
    }

    /** A raw transport's write as the channel {@link TlsSession#writeTo} sends to. */
    private record RawOutput(RawWrite sink) implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            sink.write(src);
            return n - src.remaining();
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // the raw transport closes itself
        }
    }
}
