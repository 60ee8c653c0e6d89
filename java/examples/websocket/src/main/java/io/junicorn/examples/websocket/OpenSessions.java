package io.junicorn.examples.websocket;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions open in this process, over every endpoint of the example, for {@link StatsEndpoint}. A
 * {@code Session.getOpenSessions()} counts one endpoint's sessions only. Each junicorn worker is its own process,
 * so each counts its own.
 */
final class OpenSessions {
    private static final AtomicInteger OPEN = new AtomicInteger();

    private OpenSessions() {
    }

    static void opened() {
        OPEN.incrementAndGet();
    }

    static void closed() {
        OPEN.decrementAndGet();
    }

    static int count() {
        return OPEN.get();
    }
}
