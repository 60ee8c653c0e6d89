package io.junicorn.worker;

import io.junicorn.common.metrics.WorkerReport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The worker's request counts since it started, updated on each request's thread without locks. Readers see
 * each counter exact but not all of them at one instant, which is what a scrape tolerates.
 */
final class RequestStats {
    static final int MAX_STATUS = 599;

    private final LongAdder requests = new LongAdder();
    private final LongAdder durationNanos = new LongAdder();
    private final AtomicLongArray buckets = new AtomicLongArray(WorkerReport.BOUNDS_NANOS.length + 1);
    private final AtomicLongArray statuses = new AtomicLongArray(MAX_STATUS + 1);
    private final LongAdder clientAborts = new LongAdder();

    /**
     * {@code status} is -1 when no response was sent: counted as a request, not a status. {@code clientGone}:
     * the client went away before the response was complete.
     */
    void record(int status, long nanos, boolean clientGone) {
        requests.increment();
        if (clientGone) {
            clientAborts.increment();
        }
        durationNanos.add(nanos);
        buckets.incrementAndGet(WorkerReport.bucketOf(nanos));
        if (status >= 100 && status <= MAX_STATUS) {
            statuses.incrementAndGet(status);
        }
    }

    long requests() {
        return requests.sum();
    }

    long clientAborts() {
        return clientAborts.sum();
    }

    /** Responses per status code, codes never sent left out. */
    Map<Integer, Long> statuses() {
        Map<Integer, Long> counts = new TreeMap<>();
        for (int status = 100; status <= MAX_STATUS; status++) {
            long count = statuses.get(status);
            if (count > 0) {
                counts.put(status, count);
            }
        }
        return counts;
    }

    /** @param upgradedConnections the gauge of connections upgraded after a 101 and open now */
    WorkerReport report(long instance, int pid, long upgradedConnections) {
        long[] counts = new long[buckets.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.get(i);
        }
        return new WorkerReport(instance, pid, requests.sum(), durationNanos.sum(), counts, statuses(),
                clientAborts.sum(), upgradedConnections);
    }
}
