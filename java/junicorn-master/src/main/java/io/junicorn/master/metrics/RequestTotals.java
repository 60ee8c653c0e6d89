package io.junicorn.master.metrics;

import io.junicorn.common.metrics.WorkerReport;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every worker's request counts since the master started: the latest report of each worker alive, plus what
 * the workers that have exited had served, so the totals never go down when a worker is replaced.
 */
final class RequestTotals {
    /** A worker is counted as gone once the arbiter no longer lists its pid and it has been silent this long. */
    static final long SILENCE_BEFORE_RETIRING_NANOS = 3_000_000_000L;

    /** Sums of reports; {@code upgradedConnections}, a gauge, only of the workers alive. */
    record Totals(long requests, long durationNanos, long[] durationBuckets, Map<Integer, Long> statuses,
                  long clientAborts, long upgradedConnections) {
        static Totals empty() {
            return new Totals(0, 0, new long[WorkerReport.BOUNDS_NANOS.length + 1], Map.of(), 0, 0);
        }

        /** The counts alone: what a worker that exited leaves behind (its connections are gone). */
        Totals counts() {
            return new Totals(requests, durationNanos, durationBuckets, statuses, clientAborts, 0);
        }

        Totals plus(WorkerReport report) {
            long[] buckets = durationBuckets.clone();
            for (int i = 0; i < buckets.length && i < report.durationBuckets().length; i++) {
                buckets[i] += report.durationBuckets()[i];
            }
            Map<Integer, Long> sum = new TreeMap<>(statuses);
            report.statuses().forEach((status, count) -> sum.merge(status, count, Long::sum));
            return new Totals(requests + report.requests(), durationNanos + report.durationNanos(), buckets, sum,
                    clientAborts + report.clientAborts(), upgradedConnections + report.upgradedConnections());
        }
    }

    private record Latest(WorkerReport report, long receivedNanos) {
    }

    private final Map<Long, Latest> alive = new HashMap<>();
    private Totals retired = Totals.empty();

    /** Reports are cumulative: the latest one of a worker replaces the one before. */
    synchronized void update(WorkerReport report, long nowNanos) {
        Latest before = alive.get(report.instance());
        if (before == null || report.requests() >= before.report().requests()) {
            alive.put(report.instance(), new Latest(report, nowNanos));
        }
    }

    /**
     * Folds the workers that have exited into the retired sums. A worker alive sends a report every second
     * and stays in the arbiter's list until reaped, and its last report leaves before it exits, so a worker
     * both unlisted and silent has nothing more to say.
     */
    synchronized void retireExited(Set<Integer> livePids, long nowNanos) {
        for (Iterator<Latest> it = alive.values().iterator(); it.hasNext(); ) {
            Latest latest = it.next();
            if (!livePids.contains(latest.report().pid())
                    && nowNanos - latest.receivedNanos() >= SILENCE_BEFORE_RETIRING_NANOS) {
                retired = retired.plus(latest.report()).counts();
                it.remove();
            }
        }
    }

    synchronized Totals totals() {
        Totals totals = retired;
        for (Latest latest : alive.values()) {
            totals = totals.plus(latest.report());
        }
        return totals;
    }
}
