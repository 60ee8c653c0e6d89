package io.junicorn.engine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The request timeout's handshake with a handler, for one exchange of either protocol: who answers the
 * request is decided once, by compare-and-set on {@link State}; the handler's first head (or the engine's
 * error on its behalf) commits, {@link #abandon} takes over. The handler's thread is interrupted only while
 * it runs the handler, under a lock, so an interrupt never outlives the handler.
 */
final class ResponseClaim {
    /** Who owns the response. */
    enum State {
        /** Nothing sent or decided yet. */
        OPEN,
        /** The handler (or the engine on its behalf) began a response. */
        COMMITTED,
        /** That response was completely handed to the connection. */
        COMPLETE,
        /** The request timeout answered instead of the handler. */
        TAKEN
    }

    /** How an abandoning thread answers or cuts, around the connection's buffers (they are the handler's). */
    interface Takeover {
        /** Nothing was committed: {@code status} goes to the client, complete. */
        void answer(int status);

        /** A response had begun: the client must see it cut, not complete. */
        void cut();
    }

    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    /** Guards {@link #handlerThread} and {@link #abandoned}. */
    private final Object handlerLock = new Object();
    private Thread handlerThread;
    private volatile boolean abandoned;

    /** The handler's (or the engine's) response begins. False when abandon took it, or it began already. */
    boolean commit() {
        return state.compareAndSet(State.OPEN, State.COMMITTED);
    }

    /** The committed response was completely handed over. */
    void complete() {
        state.compareAndSet(State.COMMITTED, State.COMPLETE);
    }

    /** Whether abandon answered instead of the handler. */
    boolean taken() {
        return state.get() == State.TAKEN;
    }

    /** Whether {@link #abandon} acted on this exchange. */
    boolean abandoned() {
        return abandoned;
    }

    /** On the connection's thread right before the handler runs. */
    void handlerStarting() {
        synchronized (handlerLock) {
            handlerThread = Thread.currentThread();
        }
    }

    /**
     * On the handler's thread once the handler returned or threw. Clears the thread's interrupt status: an
     * interrupt meant for the handler (abandon's, or the application's own) would otherwise close the channel
     * at the connection's next read or write (InterruptibleChannel).
     */
    void handlerReturned() {
        synchronized (handlerLock) {
            handlerThread = null;
        }
        Thread.interrupted();
    }

    /**
     * Takes the response from a running handler: answers or cuts through {@code takeover}, then interrupts
     * the handler's thread. The answer or the cut goes out before the interrupt, because interrupting a thread
     * blocked on a channel closes the channel.
     */
    AbandonableExchange.Outcome abandon(int status, Takeover takeover) {
        Thread thread;
        synchronized (handlerLock) {
            if (handlerThread == null || abandoned) {
                return AbandonableExchange.Outcome.NOT_RUNNING;
            }
            abandoned = true;
            thread = handlerThread;
        }
        AbandonableExchange.Outcome outcome;
        if (state.compareAndSet(State.OPEN, State.TAKEN)) {
            takeover.answer(status);
            outcome = AbandonableExchange.Outcome.ANSWERED;
        } else if (state.get() == State.COMMITTED) {
            takeover.cut();
            outcome = AbandonableExchange.Outcome.CUT;
        } else {
            outcome = AbandonableExchange.Outcome.COMPLETE;
        }
        synchronized (handlerLock) {
            if (handlerThread == thread) {
                thread.interrupt();
            }
        }
        return outcome;
    }
}
