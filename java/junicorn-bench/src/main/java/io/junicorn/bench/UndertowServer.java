package io.junicorn.bench;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Undertow with two I/O threads answering what the Hello app answers on / and /json (same bytes, same
 * Content-Type), written as Undertow's own non-blocking handler, as its published benchmarks are: the
 * fastest Undertow there is, which is the bar. With the argument {@code h2} the listener also serves h2c
 * (prior knowledge and Upgrade: {@code UndertowOptions.ENABLE_HTTP2}), for scripts/bench-h2. Prints
 * {@code listening on PORT}; runs until killed.
 */
public final class UndertowServer {
    private static final ByteBuffer HELLO = constant("Hello, World!");
    private static final ByteBuffer JSON = constant("{\"message\":\"Hello, World!\"}");

    private UndertowServer() {
    }

    public static void main(String[] args) {
        HttpHandler hello = exchange -> send(exchange, "text/plain", HELLO);
        HttpHandler json = exchange -> send(exchange, "application/json", JSON);
        Undertow server = Undertow.builder()
                .setServerOption(UndertowOptions.ENABLE_HTTP2, args.length > 0 && args[0].equals("h2"))
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(2)
                .setHandler(exchange -> {
                    if (exchange.getRequestPath().equals("/json")) {
                        json.handleRequest(exchange);
                    } else {
                        hello.handleRequest(exchange);
                    }
                })
                .build();
        server.start();
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        System.out.println("listening on " + address.getPort());
    }

    private static void send(HttpServerExchange exchange, String type, ByteBuffer body) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        exchange.getResponseSender().send(body.duplicate());
    }

    private static ByteBuffer constant(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }
}
