package io.junicorn.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Another thread taking a response over from a handler that runs too long (the request timeout). */
class AbandonTest {
    private static final long WAIT_SECONDS = 5;

    @Test
    void beforeTheHeadTheClientGetsTheStatusAndTheHandlerCannotAnswer() throws Exception {
        CompletableFuture<HttpExchange> running = new CompletableFuture<>();
        CompletableFuture<Throwable> ownAnswer = new CompletableFuture<>();
        HttpHandler handler = exchange -> {
            running.complete(exchange);
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(60));
                ownAnswer.complete(new AssertionError("not interrupted"));
            } catch (InterruptedException e) {
                try {
                    exchange.sendResponseHeaders(200, -1);
                    ownAnswer.complete(new AssertionError("the handler answered after the takeover"));
                } catch (IOException refused) {
                    ownAnswer.complete(refused);
                }
            }
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
            AbandonableExchange exchange = (AbandonableExchange) running.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(AbandonableExchange.Outcome.ANSWERED, exchange.abandon(503));
            TestServer.Response r = TestServer.read(s);
            assertEquals("HTTP/1.1 503 Service Unavailable", r.statusLine());
            assertEquals("close", r.header("Connection"));
            assertTrue(TestServer.closedByServer(s));
            assertTrue(ownAnswer.get(WAIT_SECONDS, TimeUnit.SECONDS) instanceof IOException);
            assertEquals(AbandonableExchange.Outcome.NOT_RUNNING, exchange.abandon(503), "only the first call acts");
            assertEquals(503, ((HttpExchange) exchange).getResponseCode(), "what the access log reports");
        }
    }

    @Test
    void afterTheHeadTheConnectionIsCut() throws Exception {
        CompletableFuture<HttpExchange> streaming = new CompletableFuture<>();
        HttpHandler handler = exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("partial".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            streaming.complete(exchange);
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "GET /stream HTTP/1.1\r\nHost: a\r\n\r\n");
            AbandonableExchange exchange = (AbandonableExchange) streaming.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(AbandonableExchange.Outcome.CUT, exchange.abandon(503));
            String received = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(received.startsWith("HTTP/1.1 200 OK\r\n") && received.endsWith("7\r\npartial\r\n"), received);
        }
    }

    @Test
    void afterTheHandlerReturnedNothingHappensAndTheConnectionServesOn() throws Exception {
        CompletableFuture<HttpExchange> answered = new CompletableFuture<>();
        HttpHandler handler = exchange -> {
            exchange.sendResponseHeaders(204, -1);
            answered.complete(exchange);
            exchange.close();
        };
        try (TestServer server = new TestServer(handler); Socket s = server.connect()) {
            TestServer.send(s, "GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(204, TestServer.read(s).status());
            AbandonableExchange exchange = (AbandonableExchange) answered.get(WAIT_SECONDS, TimeUnit.SECONDS);
            // the handler may still be returning: wait until the connection's thread left it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (server.finished.get() < 1) {
                assertTrue(System.nanoTime() < deadline, "request 1 not finished");
                Thread.sleep(5);
            }
            assertEquals(AbandonableExchange.Outcome.NOT_RUNNING, exchange.abandon(503));
            TestServer.send(s, "GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(204, TestServer.read(s).status(), "the connection still serves");
        }
    }
}
