package io.junicorn.app;

import com.sun.net.httpserver.HttpHandler;

import java.net.URI;

/**
 * A handler that answers (some of) its requests without blocking, so that the {@code nio} worker may run
 * them on its event loop, as Undertow, Netty and Vert.x run their handlers on their I/O threads: no hand-off
 * to another thread, no selector changes, about half the CPU per request of a hand-off. The worker asks
 * {@link #nonBlocking} with the request line before it builds the exchange; it runs the request on the loop
 * only when the answer is true, the request's whole body is already buffered (no body, or a short one) and
 * it expects no {@code 100 Continue}; every other request runs on a virtual thread, as for any handler.
 *
 * <p>A request run on the loop must not block or wait: no sleep, no lock held by another request, no
 * blocking database or HTTP call, no reading a body bigger than what the client sent with the head. While
 * it runs, the loop serves none of its other connections; a loop that does not come back within
 * {@code --timeout} stops the worker's heartbeat and the master replaces the worker. What it writes is
 * queued and sent by the loop without waiting for the client to read, so a large answer is better made on a
 * virtual thread (answer false for it). Other worker classes, and {@code nio} with {@code --request-timeout}
 * (whose watchdog interrupts the request's thread), run every request on a thread of their own. A handler
 * that is also an {@link AsyncHandler} has {@code handleAsync} called on the loop: it must return without
 * blocking, and its stage may complete later on any thread, which then ends the exchange; the loop serves
 * its other connections meanwhile and no thread waits. Compile against junicorn-api with
 * {@code provided} scope.
 */
public interface NonBlockingHandler extends HttpHandler {

    /**
     * Whether {@code handle} answers this request without blocking. Called on the event loop with the
     * request's method and target; must be quick and must not fail. The default: every request.
     */
    default boolean nonBlocking(String method, URI uri) {
        return true;
    }
}
