package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One application per APP form: each answers with the name of the form that reached it. */
public final class SpecApps {
    public static final HttpHandler FIELD = text("field");

    private SpecApps() {
    }

    public static HttpHandler method() {
        return text("method");
    }

    public static HttpHandler factory(String greeting, int times, boolean loud, double ratio) {
        String body = (greeting + " ").repeat(times).strip() + " " + ratio;
        return text(loud ? body.toUpperCase() : body);
    }

    /** A context per key: the longest matching path wins. */
    public static Map<String, HttpHandler> contexts() {
        Map<String, HttpHandler> contexts = new LinkedHashMap<>();
        contexts.put("/", exchange -> reply(exchange, "root " + exchange.getHttpContext().getPath()));
        contexts.put("/api", exchange -> reply(exchange, "api " + exchange.getHttpContext().getPath()));
        contexts.put("/api/v2", exchange -> reply(exchange, "v2 " + exchange.getHttpContext().getPath()));
        return contexts;
    }

    /** A context whose handler is closed at worker exit. */
    public static Map<String, HttpHandler> closingContexts() {
        return Map.of("/", new Closing());
    }

    public static Object notAnApp() {
        return new StringBuilder("nothing to serve");
    }

    /** CLASS alone, as a nested class's binary name. */
    public static final class Handler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            reply(exchange, "class");
        }
    }

    /** gunicorn's default member: CLASS alone whose static {@code application} is the app. */
    public static final class WithApplication {
        public static final HttpHandler application = text("application");

        private WithApplication() {
        }
    }

    /** Neither a handler nor anything else junicorn hosts. */
    public static final class NotAnApp implements Runnable {
        @Override
        public void run() {
        }
    }

    /** A handler closed at worker exit. */
    public static final class Closing implements HttpHandler, AutoCloseable {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            reply(exchange, "closing");
        }

        @Override
        public void close() {
            System.err.println("Closing handler closed at worker exit");
        }
    }

    static HttpHandler text(String body) {
        return exchange -> reply(exchange, body);
    }

    static void reply(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
