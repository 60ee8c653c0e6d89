package io.junicorn.websocket;

import io.junicorn.engine.UpgradedConnection;
import io.junicorn.http.websocket.WebSocketDecoder;
import io.junicorn.http.websocket.WebSocketEncoder;
import io.junicorn.http.websocket.WebSocketException;
import io.junicorn.http.websocket.WebSocketOpcode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An upgraded connection in memory: a test is the client, writing masked frames the session reads and reading
 * back, decoded, what the session wrote. Every wait is bounded.
 */
final class FakeConnection implements UpgradedConnection {
    /** What the session sent, one event per frame (or its end). */
    record Event(String kind, String text, int code) {
    }

    private static final ByteBuffer EOF = ByteBuffer.allocate(0);
    private static final long WAIT_SECONDS = 10;
    private final BlockingQueue<ByteBuffer> toServer = new LinkedBlockingQueue<>();
    private final BlockingQueue<Event> fromServer = new LinkedBlockingQueue<>();
    private final WebSocketEncoder client;
    private final WebSocketDecoder clientDecoder;
    private ByteBuffer pending;
    private final java.util.concurrent.CompletableFuture<Runnable> goodbye = new java.util.concurrent.CompletableFuture<>();
    volatile boolean closedGracefully;
    volatile boolean aborted;

    FakeConnection() {
        this(null);
    }

    /** @param deflate the client's side of permessage-deflate, or null */
    FakeConnection(io.junicorn.http.websocket.PerMessageDeflate deflate) {
        client = new WebSocketEncoder(true, deflate);
        clientDecoder = new WebSocketDecoder(false, deflate);
    }

    // the client's side

    void sendText(String text, boolean fin) {
        send(WebSocketOpcode.TEXT, text.getBytes(StandardCharsets.UTF_8), fin);
    }

    void send(WebSocketOpcode opcode, byte[] payload, boolean fin) {
        toServer.add(client.frame(opcode, ByteBuffer.wrap(payload), fin));
    }

    void sendClose(int code, String reason) {
        toServer.add(client.close(code, reason));
    }

    void sendRaw(byte[] bytes) {
        toServer.add(ByteBuffer.wrap(bytes));
    }

    void end() {
        toServer.add(EOF);
    }

    Event next() throws InterruptedException {
        Event event = fromServer.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("the session sent nothing within " + WAIT_SECONDS + " s");
        }
        return event;
    }

    // the server's side

    @Override
    public int read(ByteBuffer dst, int timeoutMillis) throws IOException {
        try {
            if (pending == null || !pending.hasRemaining()) {
                pending = timeoutMillis == 0 ? toServer.take() : toServer.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                if (pending == null) {
                    throw new SocketTimeoutException("no bytes within " + timeoutMillis + " ms");
                }
            }
        } catch (InterruptedException e) {
            throw new IOException("interrupted", e);
        }
        if (pending == EOF || aborted) {
            pending = EOF;
            return -1;
        }
        int count = Math.min(dst.remaining(), pending.remaining());
        dst.put(pending.slice(pending.position(), count));
        pending.position(pending.position() + count);
        return count;
    }

    @Override
    public synchronized void write(ByteBuffer... srcs) throws IOException {
        if (aborted) {
            throw new IOException("aborted");
        }
        for (ByteBuffer src : srcs) {
            try {
                clientDecoder.decode(src, new WebSocketDecoder.Receiver() {
                    @Override
                    public void text(CharSequence part, boolean last) {
                        fromServer.add(new Event(last ? "text" : "text-part", part.toString(), 0));
                    }

                    @Override
                    public void binary(ByteBuffer part, boolean last) {
                        fromServer.add(new Event(last ? "binary" : "binary-part",
                                StandardCharsets.ISO_8859_1.decode(part).toString(), 0));
                    }

                    @Override
                    public void ping(ByteBuffer payload) {
                        fromServer.add(new Event("ping", StandardCharsets.UTF_8.decode(payload).toString(), 0));
                    }

                    @Override
                    public void pong(ByteBuffer payload) {
                        fromServer.add(new Event("pong", StandardCharsets.UTF_8.decode(payload).toString(), 0));
                    }

                    @Override
                    public void close(int code, String reason) {
                        fromServer.add(new Event("close", reason, code));
                    }
                });
            } catch (WebSocketException e) {
                throw new AssertionError("the session wrote a bad frame: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void closeGracefully() {
        closedGracefully = true;
        fromServer.add(new Event("end", "", 0));
        toServer.add(EOF);
    }

    @Override
    public void abort() {
        if (!aborted) {
            aborted = true;
            fromServer.add(new Event("abort", "", 0));
            toServer.add(EOF);
        }
    }

    @Override
    public void onGoingAway(Runnable goodbye) {
        this.goodbye.complete(goodbye);
    }

    /** The session's goodbye, once it has given one. */
    Runnable goodbye() throws Exception {
        return goodbye.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 8000);
    }

    @Override
    public boolean secure() {
        return false;
    }
}
