package io.junicorn.common.metrics;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a worker has served since it started, as it sends it to the master once a second in one UDP datagram
 * to a loopback port (spawn.metrics_port). The counts are cumulative, so a lost datagram only delays them.
 * {@code instance} tells two workers apart even when the kernel reuses a pid; the datagram carries the
 * master's random key (spawn.metrics_key), so other local users cannot forge counts.
 *
 * @param durationBuckets requests per duration bucket (not cumulative), one more than {@link #BOUNDS_NANOS}
 *                        for the requests slower than every bound
 * @param statuses        responses per status code
 * @param clientAborts    requests whose client went away before the response was complete
 * @param upgradedConnections connections upgraded after a 101 and open now (WebSocket sessions): a gauge, not a count
 */
public record WorkerReport(long instance, int pid, long requests, long durationNanos, long[] durationBuckets,
                           Map<Integer, Long> statuses, long clientAborts, long upgradedConnections) {
    /** A report with no upgraded connection. */
    public WorkerReport(long instance, int pid, long requests, long durationNanos, long[] durationBuckets,
                        Map<Integer, Long> statuses, long clientAborts) {
        this(instance, pid, requests, durationNanos, durationBuckets, statuses, clientAborts, 0);
    }

    /** Prometheus's default histogram buckets, 5 ms to 10 s. */
    public static final long[] BOUNDS_NANOS = {5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
            250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L};
    private static final int MAGIC = 0x4a4e4d32; // "JNM2"
    /** Every status code a response can have fits, 100 to 599, with room to spare. */
    public static final int MAX_DATAGRAM_BYTES = 8192;

    /** The bucket of a duration: the first whose bound is at least the duration, as Prometheus's "le". */
    public static int bucketOf(long nanos) {
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            if (nanos <= BOUNDS_NANOS[i]) {
                return i;
            }
        }
        return BOUNDS_NANOS.length;
    }

    public byte[] encode(long key) {
        // magic, key, instance, pid, requests, duration, client aborts, the buckets, (code, count) per status, then
        // the upgraded connections (last, so that a report without them, from an older worker, still decodes)
        ByteBuffer buffer = ByteBuffer.allocate(4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 * durationBuckets.length + 4
                + statuses.size() * (2 + 8) + 8);
        buffer.putInt(MAGIC).putLong(key).putLong(instance).putInt(pid).putLong(requests).putLong(durationNanos)
                .putLong(clientAborts);
        for (long count : durationBuckets) {
            buffer.putLong(count);
        }
        buffer.putInt(statuses.size());
        statuses.forEach((status, count) -> buffer.putShort(status.shortValue()).putLong(count));
        buffer.putLong(upgradedConnections);
        return buffer.array();
    }

    /** The report in a datagram, or empty when it is not one of this master's workers' reports. */
    public static Optional<WorkerReport> decode(ByteBuffer datagram, long key) {
        try {
            if (datagram.getInt() != MAGIC || datagram.getLong() != key) {
                return Optional.empty();
            }
            long instance = datagram.getLong();
            int pid = datagram.getInt();
            long requests = datagram.getLong();
            long durationNanos = datagram.getLong();
            long clientAborts = datagram.getLong();
            long[] buckets = new long[BOUNDS_NANOS.length + 1];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = datagram.getLong();
            }
            int count = datagram.getInt();
            if (count < 0 || count > datagram.remaining() / 10) {
                return Optional.empty();
            }
            Map<Integer, Long> statuses = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                statuses.put((int) datagram.getShort(), datagram.getLong());
            }
            long upgraded = datagram.remaining() >= 8 ? datagram.getLong() : 0;
            return Optional.of(new WorkerReport(instance, pid, requests, durationNanos, buckets, statuses,
                    clientAborts, upgraded));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }
}
