package io.junicorn.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * A handler that answers asynchronously: {@link #handleAsync} starts the work and returns a stage whose
 * completion ends the exchange. The response must be complete when the stage completes (the exchange's
 * head sent and its body stream closed, or the exchange closed); a stage that completes exceptionally is
 * a failed handler (500 before the head, a cut connection after it). {@code handleAsync} runs on the
 * request's own thread, a virtual thread on {@code -k nio} and {@code -k virtual}, so it may block, though
 * the point is that it need not: the thread then waits for the stage without holding a carrier. An
 * application that is also a {@link NonBlockingHandler} promises more: on {@code -k nio} its
 * {@code handleAsync} runs on the event loop for the requests it says do not block, and no thread waits for
 * the stage; whichever thread completes it ends the exchange.
 *
 * <p>Every worker class serves it through {@link #handle}, which waits for the stage; the interface lets
 * one application be written in the asynchronous style (a database driver or HTTP client returning
 * futures) and run on any worker class. Compile against junicorn-api with {@code provided} scope.
 */
public interface AsyncHandler extends HttpHandler {

    /**
     * Starts answering {@code exchange}; never returns null.
     *
     * @return a stage that completes once the response is complete
     */
    CompletionStage<?> handleAsync(HttpExchange exchange);

    /** Runs {@link #handleAsync} and waits for its stage; its failure is rethrown as the handler's. */
    @Override
    default void handle(HttpExchange exchange) throws IOException {
        CompletionStage<?> stage = handleAsync(exchange);
        if (stage == null) {
            throw new IllegalStateException(getClass().getName() + ".handleAsync returned null instead of a CompletionStage");
        }
        try {
            stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + getClass().getName() + ".handleAsync");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }
}
