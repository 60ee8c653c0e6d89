package io.junicorn.engine;

import com.sun.net.httpserver.HttpHandler;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests for request and response bodies: chunked both ways, HEAD, 100-continue, unread bodies. */
class BodyTest {
    static final HttpHandler ECHO = exchange -> {
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    };

    @Test
    void chunkedRequestBodyIsEchoed() throws Exception {
        try (TestServer server = new TestServer(ECHO); Socket s = server.connect()) {
            TestServer.send(s, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nX-Checksum: 1\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals("hello world", r.body());
            assertEquals("11", r.header("Content-Length"));
            TestServer.send(s, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nnext");
            assertEquals("next", TestServer.read(s).body());
        }
    }

    @Test
    void largeFixedLengthBodyIsEchoed() throws Exception {
        String big = "x".repeat(300_000);
        try (TestServer server = new TestServer(ECHO); Socket s = server.connect()) {
            TestServer.send(s, "PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: " + big.length() + "\r\n\r\n" + big);
            assertEquals(big, TestServer.read(s).body());
        }
    }

    @Test
    void chunkedResponse() throws Exception {
        String big = "y".repeat(40_000);
        HttpHandler handler = exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("first ".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.write(big.getBytes(StandardCharsets.US_ASCII));
            out.write('!');
            out.close();
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            for (int i = 0; i < 2; i++) {
                TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                TestServer.Response r = TestServer.read(s);
                assertEquals("chunked", r.header("Transfer-Encoding"));
                assertNull(r.header("Content-Length"));
                assertEquals("first " + big + "!", r.body());
            }
        }
    }

    @Test
    void unknownLengthForAnHttp10ClientEndsWithTheConnection() throws Exception {
        HttpHandler handler = exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("until close".getBytes(StandardCharsets.US_ASCII));
            exchange.close();
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals("close", r.header("Connection"));
            assertNull(r.header("Transfer-Encoding"));
            assertEquals("until close", r.body());
        }
    }

    @Test
    void headGetsNoBody() throws Exception {
        HttpHandler handler = exchange -> {
            exchange.sendResponseHeaders(200, 5);
            exchange.getResponseBody().write("hello".getBytes(StandardCharsets.US_ASCII));
            exchange.close();
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response r = TestServer.read(s.getInputStream(), true);
            assertEquals(200, r.status());
            assertEquals("5", r.header("Content-Length"));
            // the next response starts right after the head: no body bytes were sent
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("hello", TestServer.read(s).body());
        }
    }

    @Test
    void continueIsSentWhenTheHandlerFirstReads() throws Exception {
        CountDownLatch mayRead = new CountDownLatch(1);
        HttpHandler handler = exchange -> {
            try {
                if (!mayRead.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test did not release the handler");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ECHO.handle(exchange);
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertTrue(TestServer.silentFor(s, 300), "100 Continue before the handler read");
            mayRead.countDown();
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 100 Continue", TestServer.line(in));
            assertEquals("", TestServer.line(in));
            TestServer.send(s, "body");
            assertEquals("body", TestServer.read(s).body());
        }
    }

    @Test
    void continueIsNotSentWhenTheHandlerAnswersWithoutReading() throws Exception {
        HttpHandler handler = exchange -> {
            exchange.sendResponseHeaders(417, -1);
            exchange.close();
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals(417, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(TestServer.closedByServer(s));
        }
    }

    @Test
    void unreadBodyIsDrainedBeforeTheNextRequest() throws Exception {
        HttpHandler handler = exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            String smuggled = "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
            TestServer.send(s, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + smuggled.length() + "\r\n\r\n" + smuggled);
            TestServer.Response r = TestServer.read(s);
            assertEquals(204, r.status());
            assertNull(r.header("Connection"));
            assertNull(r.header("Content-Length"));
            assertTrue(TestServer.silentFor(s, 200), "the body was taken for a request");
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(204, TestServer.read(s).status());
            assertEquals(2, server.started.get());
        }
    }

    @Test
    void largeUnreadBodyClosesTheConnection() throws Exception {
        HttpHandler handler = exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n" + "z".repeat(100));
            TestServer.Response r = TestServer.read(s);
            assertEquals(200, r.status());
            assertEquals("0", r.header("Content-Length"));
            s.shutdownOutput();
            assertTrue(TestServer.closedByServer(s));
        }
    }
}
