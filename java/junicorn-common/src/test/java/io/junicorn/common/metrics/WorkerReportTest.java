package io.junicorn.common.metrics;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The datagram a worker sends the master: what goes in comes out, and nothing else is accepted. */
class WorkerReportTest {
    private static final long KEY = 0x1234_5678_9abc_def0L;

    private static WorkerReport sample() {
        long[] buckets = new long[WorkerReport.BOUNDS_NANOS.length + 1];
        buckets[0] = 5;
        buckets[buckets.length - 1] = 1;
        Map<Integer, Long> statuses = new TreeMap<>(Map.of(200, 4L, 599, 1L, 100, 1L));
        return new WorkerReport(42L, 1234, 6, 12_000_000_000L, buckets, statuses, 2, 7);
    }

    @Test
    void roundTrip() {
        WorkerReport report = sample();
        WorkerReport decoded = WorkerReport.decode(ByteBuffer.wrap(report.encode(KEY)), KEY).orElseThrow();
        assertEquals(report.instance(), decoded.instance());
        assertEquals(report.pid(), decoded.pid());
        assertEquals(report.requests(), decoded.requests());
        assertEquals(report.durationNanos(), decoded.durationNanos());
        assertArrayEquals(report.durationBuckets(), decoded.durationBuckets());
        assertEquals(report.statuses(), decoded.statuses());
        assertEquals(report.clientAborts(), decoded.clientAborts());
        assertEquals(7, decoded.upgradedConnections());
    }

    @Test
    void aReportWithoutUpgradedConnectionsFromAnOlderWorkerStillDecodes() {
        byte[] datagram = sample().encode(KEY);
        byte[] older = Arrays.copyOf(datagram, datagram.length - 8);
        WorkerReport decoded = WorkerReport.decode(ByteBuffer.wrap(older), KEY).orElseThrow();
        assertEquals(sample().statuses(), decoded.statuses());
        assertEquals(0, decoded.upgradedConnections());
    }

    @Test
    void anotherKeyOrATruncatedDatagramIsIgnored() {
        byte[] datagram = sample().encode(KEY);
        assertTrue(WorkerReport.decode(ByteBuffer.wrap(datagram), KEY + 1).isEmpty());
        assertTrue(WorkerReport.decode(ByteBuffer.wrap(Arrays.copyOf(datagram, datagram.length - 11)), KEY).isEmpty());
        assertTrue(WorkerReport.decode(ByteBuffer.wrap(new byte[3]), KEY).isEmpty());
    }

    @Test
    void everyStatusCodeFitsInOneDatagram() {
        Map<Integer, Long> statuses = new TreeMap<>();
        for (int status = 100; status <= 599; status++) {
            statuses.put(status, Long.MAX_VALUE);
        }
        WorkerReport report = new WorkerReport(1, 1, 1, 1, new long[WorkerReport.BOUNDS_NANOS.length + 1], statuses, 0);
        assertTrue(report.encode(KEY).length <= WorkerReport.MAX_DATAGRAM_BYTES);
    }

    @Test
    void bucketsFollowPrometheusLessOrEqual() {
        assertEquals(0, WorkerReport.bucketOf(0));
        assertEquals(0, WorkerReport.bucketOf(5_000_000));
        assertEquals(1, WorkerReport.bucketOf(5_000_001));
        assertEquals(WorkerReport.BOUNDS_NANOS.length - 1, WorkerReport.bucketOf(10_000_000_000L));
        assertEquals(WorkerReport.BOUNDS_NANOS.length, WorkerReport.bucketOf(10_000_000_001L));
    }
}
