package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The application behind RequestTimeoutTest. /ignore-interrupts sleeps for a minute and swallows every
 * interrupt, as code stuck in an uninterruptible call would; /stream sends its head and a first chunk, then
 * sleeps for half a minute before finishing; /pid answers the worker's pid; anything else answers {@code ok}
 * at once.
 */
public final class Stubborn implements HttpHandler {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            switch (exchange.getRequestURI().getPath()) {
                case "/ignore-interrupts" -> sleepIgnoringInterrupts(TimeUnit.MINUTES.toNanos(1));
                case "/stream" -> stream(exchange);
                case "/pid" -> send(exchange, Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII));
                default -> send(exchange, OK);
            }
        }
    }

    private static void send(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void sleepIgnoringInterrupts(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                // swallowed on purpose: this is the handler the worker must retire for
            }
        }
    }

    private static void stream(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write("partial".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        try {
            Thread.sleep(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while streaming", e);
        }
        out.write("rest".getBytes(StandardCharsets.US_ASCII));
    }
}
