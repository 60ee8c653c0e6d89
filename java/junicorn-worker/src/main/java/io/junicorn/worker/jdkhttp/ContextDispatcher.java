package io.junicorn.worker.jdkhttp;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.junicorn.app.AsyncHandler;
import io.junicorn.app.NonBlockingHandler;
import io.junicorn.engine.RoutedExchange;
import io.junicorn.worker.LoopRouting;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The one handler a worker's connections run, whatever the kind of application: it picks the context as the
 * JDK server does (the longest path the request's decoded path starts with), then runs the context's filters,
 * its Authenticator, and its handler, in the JDK's order. A request-target without a path ({@code OPTIONS *},
 * an authority) goes to the context "/".
 */
final class ContextDispatcher implements HttpHandler, LoopRouting {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final WorkerServers servers;

    ContextDispatcher(WorkerServers servers) {
        this.servers = servers;
    }

    /**
     * The request runs on a loop when its context handler says it answers it without blocking; a context with
     * filters or an Authenticator never does (they are the application's code too, and say nothing about it).
     * An AsyncHandler's {@code handleAsync} starts there and its stage ends the exchange later, holding neither
     * the loop nor a thread meanwhile; any other handler runs as {@link #handle} does.
     */
    @Override
    public Function<HttpExchange, CompletionStage<?>> onLoop(String method, URI uri) {
        JunicornHttpContext context = contextOf(uri);
        if (context == null || !plain(context) || !(context.getHandler() instanceof NonBlockingHandler handler)
                || !handler.nonBlocking(method, uri)) {
            return null;
        }
        if (handler instanceof AsyncHandler async) {
            return exchange -> {
                if (exchange instanceof RoutedExchange routed) {
                    routed.route(context);
                }
                return async.handleAsync(exchange);
            };
        }
        return exchange -> {
            try {
                handle(exchange, context);
                return DONE;
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    private static boolean plain(JunicornHttpContext context) {
        return context.getFilters().isEmpty() && context.getAuthenticator() == null;
    }

    private JunicornHttpContext contextOf(URI uri) {
        String path = uri.getPath();
        return servers.find(path == null || !path.startsWith("/") ? "/" : path);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        handle(exchange, contextOf(exchange.getRequestURI()));
    }

    private void handle(HttpExchange exchange, JunicornHttpContext context) throws IOException {
        if (context == null) {
            reject(exchange, 404, "Not Found", "No context found for request");
            return;
        }
        HttpHandler handler = context.getHandler();
        if (handler == null) {
            reject(exchange, 500, "Internal Server Error", "No handler for context");
            return;
        }
        if (exchange instanceof RoutedExchange routed) {
            routed.route(context);
        }
        List<Filter> filters = context.getFilters();
        Authenticator authenticator = context.getAuthenticator();
        if (filters.isEmpty() && authenticator == null) {
            handler.handle(exchange);
            return;
        }
        HttpHandler inner = authenticator == null ? handler : new Authentication(authenticator, handler, exchange);
        new Filter.Chain(filters, inner).doFilter(exchange);
    }

    /** The JDK's answer, with the body it sends. */
    private static void reject(HttpExchange exchange, int status, String reason, String message) throws IOException {
        byte[] body = ("<h1>" + status + " " + reason + "</h1>" + message).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * The JDK's authentication step, after the user filters: Success sets the principal and goes on; Retry and
     * Failure answer their status with no body (a Retry's challenge header is the Authenticator's to set).
     */
    private record Authentication(Authenticator authenticator, HttpHandler handler, HttpExchange routed)
            implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            Authenticator.Result result = authenticator.authenticate(exchange);
            switch (result) {
                case Authenticator.Success success -> {
                    if (routed instanceof RoutedExchange target) {
                        target.principal(success.getPrincipal());
                    }
                    handler.handle(exchange);
                }
                case Authenticator.Retry retry -> refuse(exchange, retry.getResponseCode());
                case Authenticator.Failure failure -> refuse(exchange, failure.getResponseCode());
                default -> throw new IOException("Authenticator " + authenticator.getClass().getName()
                        + " returned " + result + ", neither Success, Retry nor Failure");
            }
        }

        private static void refuse(HttpExchange exchange, int status) throws IOException {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }
}
