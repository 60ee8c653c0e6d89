package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.app.NonBlockingHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The application behind NioOnLoopTest: a {@link NonBlockingHandler} that answers every request without
 * blocking except those under {@code /blocking/}, and tells which thread answered.
 * <ul>
 * <li>{@code /thread} (and {@code /blocking/thread}): {@code thread=NAME body=N}, after reading the whole
 *     request body (N bytes).</li>
 * <li>{@code /blocking/sleep?ms=M}: sleeps M ms, then {@code slept}.</li>
 * <li>{@code /stall?ms=M}: the same, but said not to block: it holds the event loop.</li>
 * <li>{@code /big?kib=N}: N KiB of the byte pattern {@code i % 251}, written in 64 KiB pieces.</li>
 * <li>{@code /pid}: the worker's process id.</li>
 * </ul>
 */
public final class OnLoop implements NonBlockingHandler {

    @Override
    public boolean nonBlocking(String method, URI uri) {
        return !uri.getPath().startsWith("/blocking/");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            switch (path) {
                case "/thread", "/blocking/thread" -> {
                    long body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = in.transferTo(OutputStream.nullOutputStream());
                    }
                    send(exchange, "thread=" + Thread.currentThread().getName() + " body=" + body);
                }
                case "/blocking/sleep", "/stall" -> { // /stall breaks the promise: it sleeps on the loop
                    try {
                        Thread.sleep(Long.parseLong(query.substring(query.indexOf('=') + 1)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    send(exchange, "slept");
                }
                case "/big" -> big(exchange, Integer.parseInt(query.substring(query.indexOf('=') + 1)));
                case "/pid" -> send(exchange, Long.toString(ProcessHandle.current().pid()));
                default -> exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void big(HttpExchange exchange, int kib) throws IOException {
        long length = kib * 1024L;
        exchange.sendResponseHeaders(200, length);
        byte[] piece = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            for (long sent = 0; sent < length; sent += piece.length) {
                int n = (int) Math.min(piece.length, length - sent);
                for (int i = 0; i < n; i++) {
                    piece[i] = (byte) ((sent + i) % 251);
                }
                out.write(piece, 0, n);
            }
        }
    }

    private static void send(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }
}
