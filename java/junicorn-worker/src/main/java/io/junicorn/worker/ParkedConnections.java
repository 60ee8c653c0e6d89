package io.junicorn.worker;

import io.junicorn.engine.Http1Connection;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The connections a gthread worker's selector holds while they wait for bytes, ordered by the time they
 * may wait until (keep-alive after a response, the header timeout in a head), so the selector finds the
 * next to expire at once however many wait. Used by the selector thread only.
 */
final class ParkedConnections {

    /** A connection and its place here; the key is null while a request thread serves it. */
    static final class Parked {
        final SocketChannel channel;
        final Http1Connection connection;
        SelectionKey key;
        long until;
        long order;

        Parked(SocketChannel channel, Http1Connection connection) {
            this.channel = channel;
            this.connection = connection;
        }
    }

    private final TreeSet<Parked> byDeadline = new TreeSet<>(
            Comparator.<Parked>comparingLong(p -> p.until).thenComparingLong(p -> p.order));
    private long parked;

    void add(Parked p, SelectionKey key) {
        p.key = key;
        p.until = p.connection.parkedUntilNanos();
        p.order = parked++;
        byDeadline.add(p);
    }

    /** Takes a connection out to be served: its key is cancelled. */
    void remove(Parked p) {
        byDeadline.remove(p);
        p.key.cancel();
        p.key = null;
    }

    /** Takes out every connection whose wait ended by {@code now}. */
    List<Parked> removeExpired(long now) {
        List<Parked> expired = new ArrayList<>();
        while (!byDeadline.isEmpty() && byDeadline.first().until - now <= 0) {
            Parked p = byDeadline.first();
            remove(p);
            expired.add(p);
        }
        return expired;
    }

    /**
     * Orders again the connections that wait between requests, whose waits a retiring worker shortens
     * ({@link Http1Connection#parkedUntilNanos()}).
     */
    void rewaitIdle() {
        List<Parked> idle = new ArrayList<>();
        for (Parked p : byDeadline) {
            if (p.connection.idle()) {
                idle.add(p);
            }
        }
        for (Parked p : idle) {
            byDeadline.remove(p);
            p.until = p.connection.parkedUntilNanos();
            byDeadline.add(p);
        }
    }

    /** Milliseconds until the next wait ends, at most {@code max}; at least 1. */
    long millisUntilNext(long now, long max) {
        if (byDeadline.isEmpty()) {
            return max;
        }
        long left = byDeadline.first().until - now;
        return left >= max * 1_000_000L ? max : Math.max(1, (left + 999_999) / 1_000_000L);
    }
}
