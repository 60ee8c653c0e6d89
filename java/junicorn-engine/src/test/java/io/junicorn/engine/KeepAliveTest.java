package io.junicorn.engine;

import io.junicorn.http.ParserOptions;

import com.sun.net.httpserver.HttpHandler;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests for persistent connections: sequential and pipelined requests, and when the server closes. */
class KeepAliveTest {
    static final HttpHandler PATH = exchange -> {
        byte[] body = (exchange.getRequestMethod() + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    };

    @Test
    void twoSequentialRequestsOnOneConnection() throws Exception {
        try (TestServer server = new TestServer(PATH); Socket s = server.connect()) {
            TestServer.send(s, "GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response r1 = TestServer.read(s);
            assertEquals("HTTP/1.1 200 OK", r1.statusLine());
            assertEquals("GET /one", r1.body());
            assertEquals("junicorn-test", r1.header("Server"));
            assertNotNull(r1.header("Date"));
            assertTrue(r1.header("Date").matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), r1.header("Date"));
            assertNull(r1.header("Connection"));
            TestServer.send(s, "GET /two?x=1 HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("GET /two?x=1", TestServer.read(s).body());
            assertEquals(1, server.connections.size());
            s.close();
            server.close();
            assertEquals(2, server.started.get());
            assertEquals(2, server.finished.get());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (TestServer server = new TestServer(PATH); Socket s = server.connect()) {
            TestServer.send(s, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /ignored HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("GET /1", TestServer.read(s).body());
            assertEquals("POST /2", TestServer.read(s).body());
            TestServer.Response last = TestServer.read(s);
            assertEquals("GET /3", last.body());
            assertEquals("close", last.header("Connection"));
            assertTrue(TestServer.closedByServer(s));
        }
    }

    @Test
    void keepAliveOffClosesAfterEachResponse() throws Exception {
        EngineConfig sync = new EngineConfig(false, 2000, 5000, "junicorn-test", ParserOptions.DEFAULTS);
        try (TestServer server = new TestServer(PATH, sync); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals(200, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(TestServer.closedByServer(s));
        }
    }

    @Test
    void workerAsksToClose() throws Exception {
        try (TestServer server = new TestServer(PATH); Socket s = server.connect()) {
            server.closeAfterResponse = true;
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("close", TestServer.read(s).header("Connection"));
            assertTrue(TestServer.closedByServer(s));
        }
    }

    @Test
    void http10KeepAliveOnlyWhenAsked() throws Exception {
        try (TestServer server = new TestServer(PATH); Socket s = server.connect()) {
            TestServer.send(s, "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            TestServer.Response r = TestServer.read(s);
            assertEquals("keep-alive", r.header("Connection"));
            TestServer.send(s, "GET /b HTTP/1.0\r\n\r\n");
            r = TestServer.read(s);
            assertEquals("GET /b", r.body());
            assertEquals("close", r.header("Connection"));
            assertTrue(TestServer.closedByServer(s));
        }
    }

    // Responses to pipelined requests are held back and written together (ConnectionIo.responseComplete): none
    // may be lost or overtaken, whatever happens to the request after them.
    @Test
    void heldResponseLeavesBeforeWaitingForTheRestOfTheNextHead() throws Exception {
        try (TestServer server = new TestServer(PATH); Socket s = server.connect()) {
            TestServer.send(s, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHo");
            assertEquals("GET /1", TestServer.read(s).body());
            TestServer.send(s, "st: a\r\n\r\n");
            assertEquals("GET /2", TestServer.read(s).body());
        }
    }

    @Test
    void heldResponseSurvivesARefusedNextRequest() throws Exception {
        try (TestServer server = new TestServer(PATH); Socket s = server.connect()) {
            TestServer.send(s, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
            assertEquals("GET /1", TestServer.read(s).body());
            assertEquals(400, TestServer.read(s).status());
            assertTrue(TestServer.closedByServer(s));
        }
    }

    @Test
    void heldResponseSurvivesAFailedNextHandler() throws Exception {
        HttpHandler failSecond = exchange -> {
            if (exchange.getRequestURI().getPath().equals("/fail")) {
                exchange.sendResponseHeaders(200, 100);
                exchange.getResponseBody().write(new byte[10]);
                throw new IllegalStateException("test failure (expected in the log)");
            }
            PATH.handle(exchange);
        };
        try (TestServer server = new TestServer(failSecond); Socket s = server.connect()) {
            TestServer.send(s, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /fail HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("GET /1", TestServer.read(s).body());
            assertTrue(TestServer.closedByServer(s)); // the failed response's head and bytes never leave
        }
    }

    @Test
    void pipelinedChunkedResponsesStayWholeAndInOrder() throws Exception {
        HttpHandler chunkedOrFixed = exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/fail")) {
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write("partial".getBytes(StandardCharsets.US_ASCII));
                throw new IllegalStateException("test failure (expected in the log)");
            }
            if (path.startsWith("/fixed")) {
                PATH.handle(exchange);
                return;
            }
            exchange.sendResponseHeaders(200, 0); // chunked
            byte[] piece = ("<" + path + ">").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 3; i++) {
                exchange.getResponseBody().write(piece);
                if (path.equals("/c1")) {
                    exchange.getResponseBody().flush(); // a chunk each; the others are one chunk at close
                }
            }
            exchange.close();
        };
        try (TestServer server = new TestServer(chunkedOrFixed); Socket s = server.connect()) {
            TestServer.send(s, "GET /c1 HTTP/1.1\r\nHost: a\r\n\r\nGET /fixed HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /c2 HTTP/1.1\r\nHost: a\r\n\r\nGET /c3 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /fail HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("</c1></c1></c1>", TestServer.read(s).body());
            assertEquals("GET /fixed", TestServer.read(s).body());
            assertEquals("</c2></c2></c2>", TestServer.read(s).body());
            assertEquals("</c3></c3></c3>", TestServer.read(s).body());
            assertTrue(TestServer.closedByServer(s)); // the failed one is cut; the ones before it arrived whole
        }
    }

    @Test
    void heldResponseGoesBeforeTheNextRequestsContinue() throws Exception {
        HttpHandler echo = exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        };
        try (TestServer server = new TestServer(echo); Socket s = server.connect()) {
            TestServer.send(s, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(200, TestServer.read(s).status());
            assertEquals("HTTP/1.1 100 Continue", TestServer.line(s.getInputStream()));
            assertEquals("", TestServer.line(s.getInputStream()));
            TestServer.send(s, "abc");
            assertEquals("abc", TestServer.read(s).body());
        }
    }

    @Test
    void aSlowExchangesResponseIsNotHeldBack() throws Exception {
        java.util.concurrent.CountDownLatch firstRead = new java.util.concurrent.CountDownLatch(1);
        HttpHandler handler = exchange -> {
            try {
                if (exchange.getRequestURI().getPath().equals("/slow")) {
                    Thread.sleep(50); // longer than Http1Exchange.HOLD_BACK_NANOS (10 ms)
                } else if (!firstRead.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the first response never reached the client");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.IOException(e);
            }
            PATH.handle(exchange);
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /waits HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("GET /slow", TestServer.read(s).body());
            firstRead.countDown();
            assertEquals("GET /waits", TestServer.read(s).body());
        }
    }
}
