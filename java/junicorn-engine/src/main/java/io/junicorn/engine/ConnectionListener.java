package io.junicorn.engine;

import com.sun.net.httpserver.HttpExchange;

/** What the worker learns from a connection, and the one thing it decides for it. */
public interface ConnectionListener {
    /** A head was parsed; the handler is about to run (gunicorn's pre_request point). */
    void requestStarted(HttpExchange exchange);

    /**
     * The response is complete, or failed (counts requests, ticks the heartbeat, writes the access log).
     * Called once per requestStarted; {@code exchange.getResponseCode()} is -1 when nothing was sent.
     *
     * @param bodyBytes     response body bytes sent (gunicorn's %(B)s)
     * @param durationNanos from the parsed head to the end of the response
     */
    void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos);

    /**
     * Asked before each response head: true adds {@code Connection: close} and ends the connection after
     * the response (worker stopping, max-requests reached).
     */
    boolean closeAfterResponse();

    /**
     * Asked only while {@link #closeAfterResponse()} is true: since when (nanoTime). A connection idle
     * between requests then waits for one more request until {@link Http1Connection#CLOSING_IDLE_MILLIS}
     * after that, or after its last response if later, before it closes gracefully.
     */
    long closingSinceNanos();

    /**
     * The application threw an error after which this JVM should not serve for long (OutOfMemoryError,
     * InternalError; not StackOverflowError, whose stack unwound): the request got its 500, or its
     * connection was cut, and the worker retires gracefully so that its other requests finish. Nothing by
     * default: a server with no successor keeps serving.
     */
    default void unrecoverableError(VirtualMachineError error) {
    }

    /**
     * Whether a request may be abandoned from another thread ({@link AbandonableExchange}, the request timeout).
     * When false, a connection keeps the responses to pipelined requests back and writes them together.
     */
    default boolean abandonsRequests() {
        return false;
    }

    /**
     * A connection was taken over after its 101 ({@link ConnectionUpgrade}), on the session's thread, before the
     * protocol gets it. The listener keeps it until {@link #upgradedConnectionClosed}: it tells it when the worker
     * begins to retire ({@link UpgradedHttp1Connection#goingAway()}) and aborts it when the graceful stop is over.
     */
    default void connectionUpgraded(UpgradedHttp1Connection connection) {
    }

    /** The upgraded connection closed (by either side); the session's thread is about to end. */
    default void upgradedConnectionClosed(UpgradedHttp1Connection connection) {
    }
}
