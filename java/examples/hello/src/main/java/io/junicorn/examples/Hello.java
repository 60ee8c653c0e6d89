package io.junicorn.examples;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.app.NonBlockingHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The example application: a plain com.sun.net.httpserver handler, as any JDK HttpServer app has. It says
 * which of its requests it answers without blocking (all but /sleep), so that {@code -k nio} serves those on
 * its event loops; other worker classes ignore that.
 *
 * <pre>
 * GET /, /plaintext   200 text/plain "Hello, World!"
 * GET /json           200 {"message":"Hello, World!"}
 * GET /pid            the serving worker's pid
 * GET /sleep?s=N      sleeps N seconds (decimals allowed), then 200
 * </pre>
 */
public final class Hello implements NonBlockingHandler {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON = "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_SLEEP_MILLIS = 3_600_000;

    @Override
    public boolean nonBlocking(String method, URI uri) {
        return !"/sleep".equals(uri.getPath());
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            switch (uri.getPath()) {
                case "/", "/plaintext" -> send(exchange, 200, "text/plain", HELLO);
                case "/json" -> send(exchange, 200, "application/json", JSON);
                case "/pid" -> send(exchange, 200, "text/plain", bytes(Long.toString(ProcessHandle.current().pid())));
                case "/sleep" -> sleep(exchange, uri.getRawQuery());
                default -> send(exchange, 404, "text/plain", bytes("Not Found"));
            }
        }
    }

    private static void sleep(HttpExchange exchange, String query) throws IOException {
        long millis;
        try {
            millis = Math.round(Double.parseDouble(queryValue(query, "s")) * 1000);
        } catch (NumberFormatException | NullPointerException e) {
            send(exchange, 400, "text/plain", bytes("expected /sleep?s=SECONDS"));
            return;
        }
        if (millis < 0 || millis > MAX_SLEEP_MILLIS) {
            send(exchange, 400, "text/plain", bytes("s must be between 0 and 3600"));
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "text/plain", bytes("interrupted"));
            return;
        }
        send(exchange, 200, "text/plain", bytes("slept " + millis + " ms"));
    }

    private static String queryValue(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
