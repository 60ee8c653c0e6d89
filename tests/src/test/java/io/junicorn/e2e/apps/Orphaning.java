package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Each request leaves an orphan behind: a shell that starts `sleep 2` in the background and exits at once. */
public final class Orphaning implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            new ProcessBuilder("sh", "-c", "sleep 2 &").inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = "orphaned\n".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
