package io.junicorn.engine;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.http.ParserOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection taken over after a 101 (ConnectionUpgrade): the head as the handler set it, the bytes sent after the
 * upgrade request first, timed reads that leave it open, writes of several threads kept whole, the goodbye once.
 */
@Timeout(30)
class ConnectionUpgradeTest {
    private static final EngineConfig UPGRADES = TestServer.DEFAULT.withConnectionUpgrades(true);
    private static final String UPGRADE_REQUEST = "GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
            + "Upgrade: echo\r\n\r\n";

    /** Answers 101 with the fields an upgrade sets and gives the connection to {@code protocol}. */
    private static HttpHandler upgrading(Consumer<UpgradedConnection> protocol) {
        return exchange -> {
            ConnectionUpgrade upgrade = (ConnectionUpgrade) exchange.getAttribute(ExchangeAttributes.CONNECTION_UPGRADE);
            upgrade.upgradeAfterResponse(protocol);
            exchange.getResponseHeaders().set("Connection", "Upgrade");
            exchange.getResponseHeaders().set("Upgrade", "echo");
            exchange.sendResponseHeaders(101, -1);
            exchange.close();
        };
    }

    /** Echoes what it reads until the peer's end of stream, then closes gracefully. */
    private static void echo(UpgradedConnection c) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        try {
            while (c.read(buffer.clear(), 0) > 0) {
                c.write(buffer.flip());
            }
        } catch (IOException e) {
            return;
        }
        c.closeGracefully();
    }

    @Test
    void bytesSentWithTheUpgradeRequestComeFirstThenTheConnectionEchoes() throws Exception {
        try (TestServer server = new TestServer(upgrading(ConnectionUpgradeTest::echo), UPGRADES);
             Socket s = server.connect()) {
            TestServer.send(s, UPGRADE_REQUEST + "early");
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 101 Switching Protocols", TestServer.line(in));
            String head = readHead(in);
            assertTrue(head.contains("Connection: Upgrade\r\n"), head);
            assertTrue(head.contains("Upgrade: echo\r\n"), head);
            assertFalse(head.toLowerCase().contains("content-length"), head);
            assertFalse(head.toLowerCase().contains("transfer-encoding"), head);
            assertEquals("early", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            TestServer.send(s, "later");
            assertEquals("later", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            s.shutdownOutput();
            assertEquals(-1, in.read()); // the echo's graceful close after our end of stream
            awaitTrue(() -> server.upgradedClosed.get() == 1, "the listener hears of the close");
            assertEquals(1, server.started.get());
            assertEquals(1, server.finished.get());
        }
    }

    @Test
    void withoutTheOfferThereIsNoAttributeAndA101IsRefused() throws Exception {
        BlockingQueue<Object> seen = new ArrayBlockingQueue<>(2);
        HttpHandler handler = exchange -> {
            seen.add(String.valueOf(exchange.getAttribute(ExchangeAttributes.CONNECTION_UPGRADE)));
            try {
                exchange.sendResponseHeaders(101, -1);
            } catch (IllegalArgumentException e) {
                seen.add(e);
                exchange.sendResponseHeaders(426, -1);
            }
            exchange.close();
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, UPGRADE_REQUEST);
            assertEquals("HTTP/1.1 426 Upgrade Required", TestServer.read(s).statusLine());
            assertEquals("null", seen.poll(5, TimeUnit.SECONDS));
            assertTrue(seen.poll(5, TimeUnit.SECONDS) instanceof IllegalArgumentException);
        }
    }

    @Test
    void anotherStatusIsAnOrdinaryResponseAndTheConnectionStaysHttp() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        HttpHandler handler = exchange -> {
            if (exchange.getRequestURI().getPath().equals("/chat")) {
                ((ConnectionUpgrade) exchange.getAttribute(ExchangeAttributes.CONNECTION_UPGRADE))
                        .upgradeAfterResponse(c -> accepted.incrementAndGet());
                exchange.sendResponseHeaders(403, -1);
            } else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        };
        try (TestServer server = new TestServer(handler, UPGRADES); Socket s = server.connect()) {
            TestServer.send(s, UPGRADE_REQUEST);
            assertEquals("HTTP/1.1 403 Forbidden", TestServer.read(s).statusLine());
            TestServer.send(s, "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("HTTP/1.1 204 No Content", TestServer.read(s).statusLine());
            assertEquals(0, accepted.get());
            assertTrue(server.upgraded.isEmpty());
        }
    }

    @Test
    void aReadTimeoutLeavesTheConnectionOpenOnAPlainChannel() throws Exception {
        readTimeoutKeepsTheConnection(false);
    }

    @Test
    void aReadTimeoutLeavesTheConnectionOpenAfterEarlierUntimedReads() throws Exception {
        readTimeoutKeepsTheConnection(true);
    }

    /** The protocol times out, says so (as a WebSocket sends its close frame), and then still reads the answer. */
    private void readTimeoutKeepsTheConnection(boolean untimedFirst) throws Exception {
        BlockingQueue<String> events = new ArrayBlockingQueue<>(4);
        Consumer<UpgradedConnection> protocol = c -> {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            try {
                if (untimedFirst) {
                    c.read(buffer, 0);
                    events.add("first " + new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
                    buffer.clear();
                }
                try {
                    c.read(buffer, 200);
                    events.add("no timeout");
                } catch (SocketTimeoutException e) {
                    events.add("timeout");
                }
                c.write(ByteBuffer.wrap("bye?".getBytes(StandardCharsets.US_ASCII)));
                int n = c.read(buffer, 5000);
                events.add("answer " + new String(buffer.array(), 0, n, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                events.add("failed " + e);
            }
            c.closeGracefully();
        };
        try (TestServer server = new TestServer(upgrading(protocol), UPGRADES); Socket s = server.connect()) {
            TestServer.send(s, UPGRADE_REQUEST + (untimedFirst ? "hi" : ""));
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 101 Switching Protocols", TestServer.line(in));
            readHead(in);
            if (untimedFirst) {
                assertEquals("first hi", events.poll(5, TimeUnit.SECONDS));
            }
            assertEquals("timeout", events.poll(5, TimeUnit.SECONDS));
            assertEquals("bye?", new String(in.readNBytes(4), StandardCharsets.US_ASCII));
            TestServer.send(s, "ok");
            assertEquals("answer ok", events.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void writesFromSeveralThreadsStayWhole() throws Exception {
        int writers = 8;
        int writes = 200;
        int size = 1000;
        Consumer<UpgradedConnection> protocol = c -> {
            Thread[] threads = new Thread[writers];
            for (int w = 0; w < writers; w++) {
                byte[] message = new byte[size];
                java.util.Arrays.fill(message, (byte) ('a' + w));
                threads[w] = Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < writes; i++) {
                            // two buffers per message: a frame's header and payload must not be split by another
                            c.write(ByteBuffer.wrap(message, 0, size / 2), ByteBuffer.wrap(message, size / 2, size / 2));
                        }
                    } catch (IOException e) {
                        c.abort();
                    }
                });
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            c.closeGracefully();
        };
        try (TestServer server = new TestServer(upgrading(protocol), UPGRADES); Socket s = server.connect()) {
            TestServer.send(s, UPGRADE_REQUEST);
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 101 Switching Protocols", TestServer.line(in));
            readHead(in);
            for (int i = 0; i < writers * writes; i++) {
                byte[] message = in.readNBytes(size);
                assertEquals(size, message.length);
                byte[] expected = new byte[size];
                java.util.Arrays.fill(expected, message[0]);
                assertArrayEquals(expected, message, "message " + i + " was interleaved with another");
            }
            assertEquals(-1, in.read());
        }
    }

    @Test
    void theGoodbyeRunsOnceWhetherGivenBeforeOrAfterTheWorkerRetires() throws Exception {
        AtomicInteger before = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        CountDownLatch opened = new CountDownLatch(1);
        Consumer<UpgradedConnection> protocol = c -> {
            c.onGoingAway(before::incrementAndGet);
            opened.countDown();
            ByteBuffer buffer = ByteBuffer.allocate(16);
            try {
                c.read(buffer, 0); // until the test closes
            } catch (IOException e) {
                // closed
            }
            c.onGoingAway(after::incrementAndGet); // the worker retired already: runs at once, here
            c.abort();
        };
        try (TestServer server = new TestServer(upgrading(protocol), UPGRADES); Socket s = server.connect()) {
            TestServer.send(s, UPGRADE_REQUEST);
            assertTrue(opened.await(5, TimeUnit.SECONDS));
            awaitTrue(() -> server.upgraded.size() == 1, "the listener knows the connection");
            UpgradedHttp1Connection c = server.upgraded.get(0);
            c.goingAway();
            c.goingAway();
            assertEquals(1, before.get());
            s.close();
            awaitTrue(() -> server.upgradedClosed.get() == 1, "the connection closed");
            assertEquals(1, before.get());
            assertEquals(1, after.get());
        }
    }

    @Test
    void aProtocolThatReturnsKeepsTheConnectionUntilItIsClosed() throws Exception {
        BlockingQueue<UpgradedConnection> handedOver = new ArrayBlockingQueue<>(1);
        try (TestServer server = new TestServer(upgrading(handedOver::add), UPGRADES); Socket s = server.connect()) {
            TestServer.send(s, UPGRADE_REQUEST);
            UpgradedConnection c = handedOver.poll(5, TimeUnit.SECONDS);
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 101 Switching Protocols", TestServer.line(in));
            readHead(in);
            c.write(ByteBuffer.wrap("from elsewhere".getBytes(StandardCharsets.US_ASCII)));
            assertEquals("from elsewhere", new String(in.readNBytes(14), StandardCharsets.US_ASCII));
            assertEquals(0, server.upgradedClosed.get());
            c.abort();
            awaitTrue(() -> server.upgradedClosed.get() == 1, "the session's thread ends with the connection");
            assertNull(readOrNull(s));
        }
    }

    @Test
    void anHttp10RequestIsNotOffered() throws Exception {
        BlockingQueue<String> seen = new ArrayBlockingQueue<>(1);
        HttpHandler handler = exchange -> {
            seen.add(String.valueOf(exchange.getAttribute(ExchangeAttributes.CONNECTION_UPGRADE)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        };
        try (TestServer server = new TestServer(handler, UPGRADES); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.0\r\n\r\n");
            assertEquals("HTTP/1.1 204 No Content", TestServer.read(s).statusLine());
            assertEquals("null", seen.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void askingTwiceIsRefused() throws Exception {
        BlockingQueue<Throwable> seen = new ArrayBlockingQueue<>(1);
        HttpHandler handler = exchange -> {
            ConnectionUpgrade upgrade = (ConnectionUpgrade) exchange.getAttribute(ExchangeAttributes.CONNECTION_UPGRADE);
            upgrade.upgradeAfterResponse(UpgradedConnection::abort);
            seen.add(assertThrows(IllegalStateException.class, () -> upgrade.upgradeAfterResponse(c -> { })));
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
        };
        try (TestServer server = new TestServer(handler, new EngineConfig(true, 5000, 5000, null,
                ParserOptions.DEFAULTS).withConnectionUpgrades(true)); Socket s = server.connect()) {
            TestServer.send(s, UPGRADE_REQUEST);
            assertEquals("HTTP/1.1 400 Bad Request", TestServer.read(s).statusLine());
            assertTrue(seen.poll(5, TimeUnit.SECONDS) instanceof IllegalStateException);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        String line;
        while ((line = TestServer.line(in)) != null && !line.isEmpty()) {
            head.append(line).append("\r\n");
        }
        return head.toString();
    }

    private static Integer readOrNull(Socket s) throws IOException {
        int b = s.getInputStream().read();
        return b < 0 ? null : b;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
