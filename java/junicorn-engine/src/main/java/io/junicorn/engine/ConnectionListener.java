package io.junicorn.engine;

/** What the worker learns from a connection, and the one thing it decides for it. */
public interface ConnectionListener {
    /** A head was parsed; the handler is about to run. */
    void requestStarted();

    /** The response is complete (counts requests, ticks the heartbeat). Called once per requestStarted. */
    void requestFinished();

    /**
     * Asked before each response head: true adds {@code Connection: close} and ends the connection after
     * the response (worker stopping, max-requests reached).
     */
    boolean closeAfterResponse();
}
