package io.junicorn.engine;

import com.sun.net.httpserver.HttpHandler;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests for what the client gets when the request or the application is wrong. */
class ErrorTest {

    @Test
    void badRequestGets400AndTheConnectionCloses() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpHandler handler = exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals("HTTP/1.1 400 Bad Request", r.statusLine());
            assertEquals("close", r.header("Connection"));
            assertEquals("400 Bad Request\nContent-Length with Transfer-Encoding (RFC 9112 §6.1)\n",
                    new String(r.body().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            assertTrue(TestServer.closedByServer(s));
            assertEquals(0, calls.get());
        }
    }

    @Test
    void limitsHaveTheirStatus() throws Exception {
        try (TestServer server = new TestServer(exchange -> exchange.sendResponseHeaders(200, -1))) {
            try (Socket s = server.connect()) {
                TestServer.send(s, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n");
                assertEquals(414, TestServer.read(s).status());
            }
            try (Socket s = server.connect()) {
                TestServer.send(s, "GET / HTTP/2.0\r\n\r\n");
                assertEquals(505, TestServer.read(s).status());
            }
            try (Socket s = server.connect()) {
                TestServer.send(s, "GET /a\u007fb HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(400, TestServer.read(s).status());
            }
        }
    }

    @Test
    void invalidChunkedBodyEndsTheConnection() throws Exception {
        try (TestServer server = new TestServer(BodyTest.ECHO); Socket s = server.connect()) {
            TestServer.send(s, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals(400, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(TestServer.closedByServer(s));
        }
    }

    @Test
    void handlerExceptionBeforeTheHeadGets500() throws Exception {
        HttpHandler handler = exchange -> {
            exchange.getResponseHeaders().add("X-Not-Sent", "1");
            throw new IllegalStateException("test failure (expected in the log)");
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals(500, r.status());
            assertEquals("close", r.header("Connection"));
            assertNull(r.header("X-Not-Sent"));
            assertTrue(TestServer.closedByServer(s));
        }
    }

    @Test
    void handlerExceptionAfterTheHeadClosesTheConnection() throws Exception {
        HttpHandler handler = exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("partial".getBytes(StandardCharsets.US_ASCII));
            exchange.getResponseBody().flush();
            throw new IllegalStateException("test failure after the head (expected in the log)");
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            java.io.InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 200 OK", TestServer.line(in));
            for (String l = TestServer.line(in); !l.isEmpty(); l = TestServer.line(in)) {
                // head fields
            }
            String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            // the chunk that was flushed, then the end of the connection: never a last-chunk
            assertEquals("7\r\npartial\r\n", rest);
        }
    }

    @Test
    void noResponseGets500() throws Exception {
        try (TestServer server = new TestServer(exchange -> { }); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals(500, r.status());
            assertEquals("0", r.header("Content-Length"));
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(500, TestServer.read(s).status());
        }
    }

    @Test
    void responseHeaderWithCrlfGets500WithoutTheApplicationHead() throws Exception {
        HttpHandler handler = exchange -> {
            exchange.getResponseHeaders().add("X-Ok", "fine");
            exchange.getResponseHeaders().put("X-Evil", java.util.List.of("a\u0000Set-Cookie: x=y"));
            exchange.sendResponseHeaders(200, -1);
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals(500, r.status());
            assertNull(r.header("X-Ok"));
            assertNull(r.header("X-Evil"));
            assertNull(r.header("Set-Cookie"));
            assertTrue(TestServer.closedByServer(s));
        }
    }
}
