package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;

import java.net.URI;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A worker's handler that can tell, from a request line, whether the request may run on an event loop
 * ({@code io.junicorn.app.NonBlockingHandler}), and how it then starts: the routing is done once, here.
 */
public interface LoopRouting {

    /**
     * How to run this request on a loop: a function that starts the application and returns a stage that
     * completes once the response is complete (already complete for a synchronous handler); or null when
     * the request must run on a thread of its own.
     */
    Function<HttpExchange, CompletionStage<?>> onLoop(String method, URI uri);
}
