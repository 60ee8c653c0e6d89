package io.junicorn.engine;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.http.ParserOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Http1Connection.serveAvailable, driven by the test the way the gthread worker drives it: a selector says
 * when bytes arrived; the connection serves what is there and hands itself back whenever it would wait.
 */
@Timeout(30)
class ServeAvailableTest {
    private static final int KEEP_ALIVE_MILLIS = 2_000;
    private static final int HEADER_TIMEOUT_MILLIS = 5_000;
    private static final EngineConfig CONFIG = new EngineConfig(true, KEEP_ALIVE_MILLIS, HEADER_TIMEOUT_MILLIS,
            "junicorn-test", ParserOptions.DEFAULTS);

    @Test
    void servesWhatArrivedAndHandsBackTheRest() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             Socket client = new Socket("127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort());
             Selector selector = Selector.open()) {
            client.setSoTimeout(10_000);
            long accepted = System.nanoTime();
            SocketChannel channel = listener.accept();
            channel.configureBlocking(false);
            Http1Connection connection = new Http1Connection(channel, KeepAliveTest.PATH, CONFIG, new Listener());

            TestServer.send(client, "GET /one HTTP/1.1\r\nHo");
            awaitReadable(selector, channel);
            assertTrue(connection.serveAvailable(), "half a head: handed back");
            assertFalse(channel.isBlocking(), "handed back ready for a selector");
            assertFalse(connection.idle(), "in the middle of a head");
            long headDeadline = connection.parkedUntilNanos() - accepted;
            assertTrue(headDeadline >= HEADER_TIMEOUT_MILLIS * 1_000_000L
                    && headDeadline < (HEADER_TIMEOUT_MILLIS + 1_000) * 1_000_000L, "header timeout from the accept");

            TestServer.send(client, "st: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\nGET /thr");
            awaitReadable(selector, channel);
            assertTrue(connection.serveAvailable(), "two requests served, the third not complete");
            assertEquals("GET /one", TestServer.read(client).body());
            assertEquals("GET /two", TestServer.read(client).body());
            assertFalse(connection.idle(), "in the middle of the third head");

            TestServer.send(client, "ee HTTP/1.1\r\nHost: a\r\n\r\n");
            awaitReadable(selector, channel);
            long served = System.nanoTime();
            assertTrue(connection.serveAvailable());
            assertEquals("GET /three", TestServer.read(client).body());
            assertTrue(connection.idle(), "between requests");
            long keepAlive = connection.parkedUntilNanos() - served;
            assertTrue(keepAlive >= KEEP_ALIVE_MILLIS * 1_000_000L
                    && keepAlive < (KEEP_ALIVE_MILLIS + 1_000) * 1_000_000L, "keep-alive from the response");

            client.shutdownOutput();
            awaitReadable(selector, channel);
            assertFalse(connection.serveAvailable(), "the client closed: ended");
            assertFalse(channel.isOpen());
        }
    }

    @Test
    void aParkedConnectionIsClosedByItsOwner() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             Socket client = new Socket("127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort())) {
            client.setSoTimeout(10_000);
            SocketChannel channel = listener.accept();
            channel.configureBlocking(false);
            Http1Connection connection = new Http1Connection(channel, KeepAliveTest.PATH, CONFIG, new Listener());
            connection.closeParked();
            assertFalse(channel.isOpen());
            assertEquals(-1, client.getInputStream().read());
        }
    }

    /** Waits until the channel is readable, then drops it from the selector, as the gthread worker does. */
    private static void awaitReadable(Selector selector, SocketChannel channel) throws IOException {
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        assertEquals(1, selector.select(10_000), "readable within 10 s");
        key.cancel();
        selector.selectNow();
    }

    private static final class Listener implements ConnectionListener {
        @Override
        public void requestStarted(HttpExchange exchange) {
        }

        @Override
        public void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
        }

        @Override
        public boolean closeAfterResponse() {
            return false;
        }

        @Override
        public long closingSinceNanos() {
            throw new AssertionError("asked although closeAfterResponse is false");
        }
    }
}
