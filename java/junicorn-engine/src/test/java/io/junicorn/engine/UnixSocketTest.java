package io.junicorn.engine;

import io.junicorn.http.ParserOptions;

import com.sun.net.httpserver.HttpHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections over a unix-domain socket, which has no socket adaptor: keep-alive, the keep-alive and
 * header timeouts (enforced by {@link ReadDeadlines}), large bodies, and the exchange's addresses; on
 * virtual threads (virtual worker) and platform threads (sync worker).
 */
@Timeout(20)
class UnixSocketTest {
    static final HttpHandler ADDRESSES = exchange -> {
        InetSocketAddress remote = exchange.getRemoteAddress();
        InetSocketAddress local = exchange.getLocalAddress();
        byte[] body = (exchange.getRequestURI() + " local=" + local.getHostString() + ":" + local.getPort()
                + " remote=" + remote.getHostString() + ":" + remote.getPort() + " unresolved="
                + remote.isUnresolved()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    };

    private Path dir;
    private Path path;

    @BeforeEach
    void socketPath() throws IOException {
        dir = Files.createTempDirectory("junicorn-engine");
        path = dir.resolve("s.sock");
    }

    @AfterEach
    void removeSocket() throws IOException {
        Files.deleteIfExists(path);
        Files.deleteIfExists(dir);
    }

    private TestServer server(HttpHandler handler, EngineConfig config, boolean virtual) throws IOException {
        return new TestServer(handler, config, UnixDomainSocketAddress.of(path), virtual);
    }

    private SocketChannel connect() throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(path));
    }

    private static void send(SocketChannel ch, String raw) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Blocks until end of stream (the test's @Timeout bounds it); returns how long that took. */
    private static long millisUntilClosed(InputStream in, long startNanos) throws IOException {
        try {
            int b = in.read();
            assertEquals(-1, b, "expected the server to close, got byte " + b);
        } catch (IOException e) {
            // reset: closed too
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {true, false})
    void keepAliveThenIdleTimeout(boolean virtual) throws Exception {
        EngineConfig config = new EngineConfig(true, 300, 5000, "junicorn-test", ParserOptions.DEFAULTS);
        try (TestServer server = server(ADDRESSES, config, virtual); SocketChannel ch = connect()) {
            InputStream in = Channels.newInputStream(ch);
            send(ch, "GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response r1 = TestServer.read(in, false);
            assertEquals(200, r1.status());
            assertEquals("/one local=" + path + ":0 remote=:0 unresolved=true", r1.body());
            send(ch, "GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response r2 = TestServer.read(in, false);
            assertEquals(200, r2.status());
            assertTrue(r2.body().startsWith("/two "), r2.body());
            long idleStart = System.nanoTime();
            long took = millisUntilClosed(in, idleStart);
            assertTrue(took >= 250 && took < 4000, "idle connection closed after " + took + " ms");
            assertEquals(1, server.connections.size());
            ch.close();
            server.close();
            assertEquals(2, server.finished.get());
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {true, false})
    void headerTimeoutClosesASlowConnection(boolean virtual) throws Exception {
        EngineConfig config = new EngineConfig(true, 5000, 300, "junicorn-test", ParserOptions.DEFAULTS);
        try (TestServer server = server(ADDRESSES, config, virtual); SocketChannel ch = connect()) {
            long start = System.nanoTime();
            send(ch, "GET / HTTP/1.1\r\nHost: a\r\n");
            Thread.sleep(100);
            send(ch, "X-Slow: 1\r\n"); // progress does not extend the deadline
            long took = millisUntilClosed(Channels.newInputStream(ch), start);
            assertTrue(took >= 250 && took < 4000, "closed after " + took + " ms");
            assertEquals(0, server.started.get());
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {true, false})
    void stalledBodyTimesOutAndLargeBodiesPass(boolean virtual) throws Exception {
        EngineConfig config = new EngineConfig(true, 5000, 300, "junicorn-test", ParserOptions.DEFAULTS);
        try (TestServer server = server(BodyTest.ECHO, config, virtual)) {
            String big = "x".repeat(300_000); // read straight into the handler's array (readDirect)
            try (SocketChannel ch = connect()) {
                send(ch, "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: " + big.length() + "\r\n\r\n" + big);
                assertEquals(big, TestServer.read(Channels.newInputStream(ch), false).body());
            }
            try (SocketChannel ch = connect()) {
                long start = System.nanoTime();
                send(ch, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc");
                long took = millisUntilClosed(Channels.newInputStream(ch), start);
                assertTrue(took >= 250 && took < 4000, "closed after " + took + " ms");
            }
        }
    }
}
