package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.junicorn.common.Heartbeat;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import io.junicorn.worker.nio.NioWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The nio worker's connection state machine over real loopback sockets: pipelined requests answered in
 * order, heads and bodies split into single bytes, a slow reader holding the writer (backpressure), and
 * {@code 100 Continue} sent when the application reads the body.
 */
class NioWorkerConnectionTest {
    private static final int STREAM_BYTES = 16 * 1024 * 1024;

    private final AtomicLong streamed = new AtomicLong();
    private WorkerContext context;
    private NioWorker worker;
    private Thread serving;
    private int port;

    /** /echo?tag: the tag and the body's length; /stream: STREAM_BYTES, counted in {@link #streamed}. */
    private final HttpHandler handler = exchange -> {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/stream")) {
                stream(exchange);
                return;
            }
            if (path.equals("/slow")) {
                Thread.sleep(Long.parseLong(exchange.getRequestURI().getQuery()));
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer = (exchange.getRequestURI().getQuery() + " " + body.length).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    private void stream(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, STREAM_BYTES);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            for (int sent = 0; sent < STREAM_BYTES; sent += chunk.length) {
                out.write(chunk);
                streamed.addAndGet(chunk.length);
            }
        }
    }

    private void start() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        Map<String, Object> values = new HashMap<>();
        for (Setting setting : Registry.ALL) {
            values.put(setting.name(), setting.defaultValue(Map.of()));
        }
        values.put(Registry.KEEPALIVE.name(), 30.0);
        WorkerConfig config = new WorkerConfig(0, 1, 1, "test", List.of(), 1, 0, new Config(values, "test"), 0, 0, 0, false);
        context = new WorkerContext(List.of(listener), handler, config,
                new HeartbeatSlot(ByteBuffer.allocateDirect(Heartbeat.SLOT_SIZE)), null);
        worker = new NioWorker();
        serving = Thread.ofPlatform().name("nio-test-main").start(() -> {
            try {
                worker.serve(context);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.beginGracefulStop("test over");
            serving.join(10_000);
            assertFalse(serving.isAlive(), "the worker stops");
            context.listeners().get(0).close();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start();
        try (Socket socket = connect()) {
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                // later requests finish sooner if run at once: the order must come from the connection
                String path = i % 2 == 0 ? "/slow?" + (16 - i) * 5 : "/echo?" + i;
                requests.append("GET ").append(path.replace("?", "?")).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            send(socket, requests.toString());
            for (int i = 0; i < 16; i++) {
                String tag = i % 2 == 0 ? String.valueOf((16 - i) * 5) : String.valueOf(i);
                assertEquals(tag + " 0", readResponse(socket.getInputStream()), "response " + i);
            }
        }
    }

    @Test
    void headAndBodySplitIntoSingleBytes() throws Exception {
        start();
        try (Socket socket = connect()) {
            String request = "POST /echo?split HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
            for (byte b : request.getBytes(StandardCharsets.US_ASCII)) {
                socket.getOutputStream().write(b);
                socket.getOutputStream().flush();
            }
            assertEquals("split 5", readResponse(socket.getInputStream()));
            send(socket, "GET /echo?next HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("next 0", readResponse(socket.getInputStream()), "the connection carries on");
        }
        await("no request thread once the responses are out", () -> !worker.requestThreads().iterator().hasNext());
    }

    @Test
    void aSlowReaderHoldsTheWriter() throws Exception {
        start();
        try (Socket socket = connect()) {
            send(socket, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            // the client reads nothing: the writer fills the socket and the loop's queue, then waits
            long stalled = awaitStall();
            assertTrue(stalled < STREAM_BYTES / 2, "the application wrote " + stalled + " bytes to a client that read none");
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.contains("Content-Length: " + STREAM_BYTES), head);
            assertEquals(STREAM_BYTES, in.readNBytes(STREAM_BYTES).length);
            send(socket, "GET /echo?after HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("after 0", readResponse(in));
        }
    }

    @Test
    void continueIsSentWhenTheBodyIsRead() throws Exception {
        start();
        try (Socket socket = connect()) {
            send(socket, "POST /echo?expect HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            InputStream in = socket.getInputStream();
            assertEquals("HTTP/1.1 100 Continue", readHead(in).trim());
            send(socket, "body");
            assertEquals("expect 4", readResponse(in));
        }
    }

    /** Waits until {@link #streamed} stops growing for 300 ms; returns where it stopped. */
    private long awaitStall() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = streamed.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - since > 300_000_000L) {
                return now;
            }
            Thread.sleep(10);
        }
        return fail("the writer never stalled: " + last + " bytes written");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in a head: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A 200 with Content-Length: its body. */
    private static String readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200 "), head);
        int at = head.indexOf("Content-Length: ") + "Content-Length: ".length();
        int length = Integer.parseInt(head.substring(at, head.indexOf("\r\n", at)));
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
