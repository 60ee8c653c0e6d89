package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.app.AsyncHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The application behind NioWorkerTest, written against {@link AsyncHandler}.
 * <ul>
 * <li>{@code /echo?tag=T}: reads the whole body; answers {@code tag=T body=N sum=S} (S: the bytes' sum).</li>
 * <li>{@code /ignore}: answers without reading the body.</li>
 * <li>{@code /pid}: the worker's process id (Junicorn.awaitServingWorkers asks it).</li>
 * <li>{@code /stream?mib=N}: N MiB, chunked, in 64 KiB writes of the byte pattern {@code i % 251}.</li>
 * <li>{@code /later?ms=M}: answered after M ms from another thread, completing the stage; the request's
 *     thread only waits.</li>
 * <li>{@code /sleep?ms=M}: answered after sleeping M ms on the request's thread.</li>
 * </ul>
 */
public final class AsyncStreams implements AsyncHandler {

    @Override
    public CompletionStage<?> handleAsync(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        try {
            switch (path) {
                case "/echo" -> echo(exchange, query);
                case "/ignore" -> send(exchange, "ignored");
                case "/pid" -> send(exchange, Long.toString(ProcessHandle.current().pid()));
                case "/stream" -> stream(exchange, Integer.parseInt(value(query)));
                case "/later" -> {
                    return CompletableFuture.runAsync(() -> sendUnchecked(exchange, "later"),
                            CompletableFuture.delayedExecutor(Long.parseLong(value(query)), TimeUnit.MILLISECONDS));
                }
                case "/sleep" -> {
                    Thread.sleep(Long.parseLong(value(query)));
                    send(exchange, "slept");
                }
                default -> {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                }
            }
            return CompletableFuture.completedFuture(null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String value(String query) {
        return query.substring(query.indexOf('=') + 1);
    }

    private static void echo(HttpExchange exchange, String query) throws IOException {
        long length = 0;
        long sum = 0;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                length += n;
                for (int i = 0; i < n; i++) {
                    sum += buffer[i] & 0xff;
                }
            }
        }
        send(exchange, value(query) + " body=" + length + " sum=" + sum);
    }

    private static void stream(HttpExchange exchange, int mib) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            long offset = 0;
            for (int i = 0; i < mib * 16; i++) {
                for (int j = 0; j < chunk.length; j++) {
                    chunk[j] = (byte) ((offset + j) % 251);
                }
                out.write(chunk);
                offset += chunk.length;
            }
        }
    }

    private static void sendUnchecked(HttpExchange exchange, String text) {
        try {
            send(exchange, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
