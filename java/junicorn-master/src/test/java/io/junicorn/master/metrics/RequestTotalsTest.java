package io.junicorn.master.metrics;

import io.junicorn.common.metrics.WorkerReport;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The totals keep what exited workers served, and count each worker's cumulative reports once. */
class RequestTotalsTest {
    private static final long SECOND = 1_000_000_000L;

    static WorkerReport report(long instance, int pid, long requests) {
        long[] buckets = new long[WorkerReport.BOUNDS_NANOS.length + 1];
        buckets[0] = requests;
        return new WorkerReport(instance, pid, requests, requests * 1_000_000, buckets, Map.of(200, requests), 0);
    }

    @Test
    void aWorkersLatestReportReplacesTheOneBefore() {
        RequestTotals totals = new RequestTotals();
        totals.update(report(1, 100, 3), 0);
        totals.update(report(1, 100, 5), SECOND);
        totals.update(report(2, 101, 2), SECOND);
        assertEquals(7, totals.totals().requests());
        assertEquals(Map.of(200, 7L), totals.totals().statuses());
        assertEquals(7, totals.totals().durationBuckets()[0]);
    }

    @Test
    void anExitedWorkersCountsStayInTheTotals() {
        RequestTotals totals = new RequestTotals();
        totals.update(report(1, 100, 5), 0);
        totals.update(report(2, 101, 2), 0);
        totals.retireExited(Set.of(101), 10 * SECOND);
        assertEquals(7, totals.totals().requests());
        totals.update(report(3, 102, 1), 10 * SECOND);
        assertEquals(8, totals.totals().requests());
    }

    @Test
    void openWebSocketSessionsAreThoseOfTheWorkersAlive() {
        RequestTotals totals = new RequestTotals();
        long[] buckets = new long[WorkerReport.BOUNDS_NANOS.length + 1];
        totals.update(new WorkerReport(1, 100, 0, 0, buckets, Map.of(), 0, 3), 0);
        totals.update(new WorkerReport(2, 101, 0, 0, buckets, Map.of(), 0, 4), 0);
        assertEquals(7, totals.totals().upgradedConnections());
        totals.retireExited(Set.of(101), 10 * SECOND);
        assertEquals(4, totals.totals().upgradedConnections(), "an exited worker's sessions are gone");
    }

    @Test
    void aWorkerStillListedOrJustHeardFromIsNotRetired() {
        RequestTotals totals = new RequestTotals();
        totals.update(report(1, 100, 5), 0);
        totals.retireExited(Set.of(100), 10 * SECOND);
        totals.update(report(1, 100, 6), 10 * SECOND);
        totals.retireExited(Set.of(), 11 * SECOND);
        // Its last report, if it came now, would replace, not add to, the 6 already counted.
        totals.update(report(1, 100, 7), 11 * SECOND);
        assertEquals(7, totals.totals().requests());
    }
}
