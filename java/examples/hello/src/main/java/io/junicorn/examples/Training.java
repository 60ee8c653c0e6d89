package io.junicorn.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The application scripts/build serves while it records the worker JVM's AOT cache (JDK 25+, JEP 514): it
 * touches the engine and the HttpExchange API the way applications do (headers, fixed and chunked
 * bodies, request bodies), so those classes come from the cache in every worker. An application like any
 * other, in its own class loader: the cache holds junicorn's classes and the JDK's, never an application's.
 */
public final class Training implements HttpHandler {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] received = body.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.getResponseHeaders().add("X-Request-Path", exchange.getRequestURI().getPath());
            boolean chunked = exchange.getRequestURI().getPath().startsWith("/chunked");
            byte[] reply = received.length > 0 ? received : HELLO;
            exchange.sendResponseHeaders(200, chunked ? 0 : reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        }
    }
}
