package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;

/**
 * Something the worker does around every request besides serving it: the access log, metrics, the
 * pre_request and post_request hooks. Registered in WorkerMain; called on the request's thread, so an
 * observer must be quick and thread-safe. An exception from an observer is logged and never reaches
 * the client.
 */
public interface RequestObserver {
    default void requestStarted(HttpExchange exchange) {
    }

    default void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
    }
}
