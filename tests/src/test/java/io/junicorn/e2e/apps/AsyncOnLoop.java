package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.app.AsyncHandler;
import io.junicorn.app.NonBlockingHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The asynchronous application behind NioOnLoopTest: {@code handleAsync} runs on the event loop for every
 * request but {@code /blocking/}, and answers either at once or later from another thread. Each answer says
 * which thread started it ({@code started=NAME}).
 * <ul>
 * <li>{@code /now}: answered inside handleAsync.</li>
 * <li>{@code /pid}: the worker's process id, likewise.</li>
 * <li>{@code /later?ms=M}: answered M ms later by a timer thread, which then completes the stage.</li>
 * <li>{@code /fail?ms=M}: the stage fails M ms later, nothing answered (the server answers 500).</li>
 * <li>{@code /blocking/sleep?ms=M}: sleeps M ms in handleAsync (on a virtual thread: it says it blocks).</li>
 * </ul>
 */
public final class AsyncOnLoop implements AsyncHandler, NonBlockingHandler {

    @Override
    public boolean nonBlocking(String method, URI uri) {
        return !uri.getPath().startsWith("/blocking/");
    }

    @Override
    public CompletionStage<?> handleAsync(HttpExchange exchange) {
        String started = Thread.currentThread().getName();
        String query = exchange.getRequestURI().getRawQuery();
        switch (exchange.getRequestURI().getPath()) {
            case "/now" -> {
                return run(() -> send(exchange, "started=" + started));
            }
            case "/pid" -> {
                return run(() -> send(exchange, Long.toString(ProcessHandle.current().pid())));
            }
            case "/later" -> {
                return CompletableFuture.runAsync(() -> send(exchange, "started=" + started), after(query));
            }
            case "/fail" -> {
                return CompletableFuture.runAsync(() -> {
                    throw new IllegalStateException("failed on purpose");
                }, after(query));
            }
            case "/blocking/sleep" -> {
                try {
                    Thread.sleep(millis(query));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return run(() -> send(exchange, "started=" + started));
            }
            default -> {
                return run(() -> {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                });
            }
        }
    }

    private interface Action {
        void run() throws IOException;
    }

    private static CompletableFuture<Void> run(Action action) {
        try {
            action.run();
            return CompletableFuture.completedFuture(null);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Executor after(String query) {
        return CompletableFuture.delayedExecutor(millis(query), TimeUnit.MILLISECONDS);
    }

    private static long millis(String query) {
        return Long.parseLong(query.substring(query.indexOf('=') + 1));
    }

    private static void send(HttpExchange exchange, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
