package io.junicorn.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One session of the JDK's WebSocket client ({@code java.net.http.WebSocket}) whose events a test reads in the order
 * they came: whole messages (the client's parts joined), pongs, the server's close, or an error, such as a connection
 * that ended without a close frame. Every wait has a deadline. The client answers pings and echoes the server's
 * close by itself.
 */
final class WebSocketClient implements WebSocket.Listener {
    /** One client for every session of the test JVM: it holds a selector thread, not one per session. */
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    static final Duration WAIT = Duration.ofSeconds(30);

    sealed interface Event permits Text, Binary, Pong, Closed, Failed {
    }

    record Text(String text) implements Event {
    }

    record Binary(byte[] bytes) implements Event {
    }

    record Pong(byte[] bytes) implements Event {
    }

    record Closed(int code, String reason) implements Event {
    }

    record Failed(Throwable error) implements Event {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private volatile WebSocket socket;

    private WebSocketClient() {
    }

    /** Opens ws://127.0.0.1:PORT/PATH, waiting at most {@link #WAIT} for the handshake. */
    static WebSocketClient open(int port, String path) throws Exception {
        return openAsync(port, path).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the handshake; the stage completes with the session, or with the handshake's failure. */
    static CompletableFuture<WebSocketClient> openAsync(int port, String path, String... subprotocols) {
        WebSocketClient client = new WebSocketClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + path), client).thenApply(socket -> {
            client.socket = socket; // onOpen set it already, unless the client completes the stage first
            return client;
        });
    }

    WebSocket socket() {
        return socket;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            events.add(new Text(text.toString()));
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] part = new byte[data.remaining()];
        data.get(part);
        binary.writeBytes(part);
        if (last) {
            events.add(new Binary(binary.toByteArray()));
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] payload = new byte[message.remaining()];
        message.get(payload);
        events.add(new Pong(payload));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        events.add(new Closed(statusCode, reason));
        return null; // the client then sends its own close with the same code
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        events.add(new Failed(error));
    }

    /** The next event, failing the test when none comes within {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        Event event = poll(timeout);
        if (event == null) {
            fail("no WebSocket event within " + timeout);
        }
        return event;
    }

    /** The next event, or null when none comes within {@code timeout}. */
    Event poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event, which must be a whole text message. */
    String nextText() throws InterruptedException {
        Event event = next(WAIT);
        if (!(event instanceof Text(String message))) {
            throw new AssertionError("expected a text message, got " + event);
        }
        return message;
    }

    byte[] nextBinary() throws InterruptedException {
        Event event = next(WAIT);
        if (!(event instanceof Binary(byte[] bytes))) {
            throw new AssertionError("expected a binary message, got " + event);
        }
        return bytes;
    }

    /** The server's close, skipping messages still before it; an error (a connection cut without one) fails. */
    Closed awaitClose(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event instanceof Closed closed) {
                return closed;
            }
            if (event instanceof Failed(Throwable error)) {
                throw new AssertionError("the session ended without a close frame", error);
            }
        }
    }

    /** Sends a whole text message and waits until the client has written it. */
    void send(String message) throws Exception {
        socket.sendText(message, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a text message and answers its echo: the round trip a session that is still open makes. */
    String roundTrip(String message) throws Exception {
        send(message);
        return nextText();
    }

    /** Closes with 1000 and waits for the server's close, which must carry 1000 too. */
    void closeNormally() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(WebSocket.NORMAL_CLOSURE, awaitClose(WAIT).code(), "the server's answer to a close with 1000");
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
