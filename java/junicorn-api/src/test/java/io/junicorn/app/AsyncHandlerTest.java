package io.junicorn.app;

import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** handle(), which every worker class calls, waits for handleAsync's stage and rethrows its failure as the handler's. */
class AsyncHandlerTest {

    private static AsyncHandler answering(Supplier<CompletionStage<?>> stage) {
        return new AsyncHandler() {
            @Override
            public CompletionStage<?> handleAsync(HttpExchange exchange) {
                return stage.get();
            }
        };
    }

    @Test
    void waitsForTheStage() throws IOException {
        CompletableFuture<String> later = CompletableFuture.supplyAsync(() -> "done",
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        answering(() -> later).handle(null);
        assertTrue(later.isDone(), "handle returned before the stage completed");
    }

    @Test
    void rethrowsTheStagesFailure() {
        IOException io = new IOException("client gone");
        assertSame(io, assertThrows(IOException.class,
                () -> answering(() -> CompletableFuture.failedFuture(io)).handle(null)));
        IllegalStateException state = new IllegalStateException("bug");
        assertSame(state, assertThrows(IllegalStateException.class,
                () -> answering(() -> CompletableFuture.failedFuture(state)).handle(null)));
        IOException wrapped = new IOException("wrapped");
        assertSame(wrapped, assertThrows(IOException.class,
                () -> answering(() -> CompletableFuture.failedFuture(new UncheckedIOException(wrapped))).handle(null)));
        Exception checked = new Exception("checked");
        assertSame(checked, assertThrows(IOException.class,
                () -> answering(() -> CompletableFuture.failedFuture(checked)).handle(null)).getCause());
    }

    @Test
    void aNullStageIsABug() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> answering(() -> null).handle(null));
        assertTrue(e.getMessage().contains("returned null"), e.getMessage());
    }

    @Test
    void anInterruptedWaitKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedIOException.class, () -> answering(CompletableFuture::new).handle(null));
            assertTrue(Thread.interrupted(), "the interrupt status is kept");
        } finally {
            Thread.interrupted();
        }
    }
}
