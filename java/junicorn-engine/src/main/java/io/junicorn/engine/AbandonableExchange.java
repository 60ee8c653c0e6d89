package io.junicorn.engine;

/**
 * An exchange whose response another thread may take away from a handler that runs too long (the request
 * timeout). Safe to call from any thread, at any time, any number of times; only the first call that finds
 * the handler running acts.
 */
public interface AbandonableExchange {

    /** What {@link #abandon} did. */
    enum Outcome {
        /** Nothing was sent yet: the client got {@code status} with Connection: close. */
        ANSWERED,
        /** The response had begun: the connection was closed, so the client sees it truncated. */
        CUT,
        /** The response was complete already: the connection was left alone. */
        COMPLETE,
        /** The handler had returned, or the exchange was abandoned before: nothing was done. */
        NOT_RUNNING
    }

    /**
     * Takes the response over from the handler: answers {@code status} (Connection: close) if nothing was
     * committed, else closes the connection; then interrupts the handler's thread. The handler's later
     * attempts to respond fail with IOException. Does not wait for the handler.
     */
    Outcome abandon(int status);
}
