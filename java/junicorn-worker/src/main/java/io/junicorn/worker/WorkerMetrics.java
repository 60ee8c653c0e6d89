package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.common.metrics.LogCounter;
import io.junicorn.common.metrics.StatsdClient;
import io.junicorn.common.metrics.StatsdFormat;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.engine.ExchangeAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * The worker's metrics: each request is counted in memory on its own thread, and a {@code junicorn-metrics}
 * thread sends, once a second and once more at exit, StatsD lines (--statsd-host) and a cumulative report
 * to the master's metrics port (--metrics-bind). No request ever waits on a socket for metrics.
 */
final class WorkerMetrics implements RequestObserver {
    private static final Logger log = LoggerFactory.getLogger(WorkerMetrics.class);
    static final long FLUSH_MILLIS = 1000;
    /** Timer samples kept per second for StatsD; beyond that they are dropped (the counters stay exact). */
    static final int MAX_DURATION_SAMPLES = 10_000;

    private final RequestStats stats = new RequestStats();
    private final StatsdClient statsd;
    private final MasterReporter master;
    private final long[] samples;
    private int sampleCount;
    private long flushedRequests;
    private long flushedClientAborts;
    private final Map<Integer, Long> flushedStatuses = new HashMap<>();

    /** Connections upgraded after a 101 and open now (WorkerContext's count). */
    private final IntSupplier upgradedConnections;

    private WorkerMetrics(StatsdClient statsd, MasterReporter master, IntSupplier upgradedConnections) {
        this.upgradedConnections = upgradedConnections;
        this.statsd = statsd;
        this.master = master;
        this.samples = statsd == null ? new long[0] : new long[MAX_DURATION_SAMPLES];
    }

    /** The observer to register, when StatsD or the master's endpoint wants the counts. */
    static Optional<WorkerMetrics> start(WorkerConfig config, IntSupplier upgradedConnections) {
        Config settings = config.settings();
        StatsdClient statsd = null;
        if (!settings.string(Registry.STATSD_HOST).isEmpty()) {
            try {
                statsd = StatsdClient.open(settings.string(Registry.STATSD_HOST),
                        settings.string(Registry.STATSD_PREFIX), settings.string(Registry.DOGSTATSD_TAGS));
                LogCounter.install(statsd);
            } catch (RuntimeException e) {
                log.warn("StatsD metrics disabled in this worker: {}", e.getMessage());
            }
        }
        MasterReporter master = config.metricsPort() > 0 ? MasterReporter.open(config.metricsPort(),
                config.metricsKey()) : null;
        if (statsd == null && master == null) {
            return Optional.empty();
        }
        WorkerMetrics metrics = new WorkerMetrics(statsd, master, upgradedConnections);
        Thread.ofPlatform().name("junicorn-metrics").daemon(true).start(metrics::flushEverySecond);
        // Normal exits (TERM, max-requests) run this; a quick stop halts and loses at most a second of counts.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("junicorn-metrics-exit").unstarted(metrics::flush));
        return Optional.of(metrics);
    }

    @Override
    public void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
        stats.record(exchange.getResponseCode(), durationNanos,
                exchange.getAttribute(ExchangeAttributes.CLIENT_GONE) != null);
        if (statsd != null) {
            synchronized (samples) {
                if (sampleCount < samples.length) {
                    samples[sampleCount++] = durationNanos;
                }
            }
        }
    }

    private void flushEverySecond() {
        while (true) {
            try {
                Thread.sleep(FLUSH_MILLIS);
                flush();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("sending metrics failed: {}", e.toString());
            }
        }
    }

    /** Runs on the metrics thread and at exit; synchronized so the two never interleave their deltas. */
    synchronized void flush() {
        if (statsd != null) {
            statsd.queue(statsdLines());
            statsd.flush();
        }
        if (master != null) {
            master.send(stats, upgradedConnections.getAsInt());
        }
    }

    /** gunicorn's per-request metrics for the last second: counts as deltas, every duration as a timer. */
    private List<String> statsdLines() {
        StatsdFormat format = statsd.format();
        List<String> lines = new ArrayList<>();
        long requests = stats.requests();
        if (requests > flushedRequests) {
            lines.add(format.counter("requests", requests - flushedRequests));
            flushedRequests = requests;
        }
        long clientAborts = stats.clientAborts();
        if (clientAborts > flushedClientAborts) {
            lines.add(format.counter("client.aborts", clientAborts - flushedClientAborts));
            flushedClientAborts = clientAborts;
        }
        stats.statuses().forEach((status, count) -> {
            long before = flushedStatuses.getOrDefault(status, 0L);
            if (count > before) {
                lines.add(format.counter("request.status." + status, count - before));
                flushedStatuses.put(status, count);
            }
        });
        synchronized (samples) {
            for (int i = 0; i < sampleCount; i++) {
                lines.add(format.timer("request.duration", samples[i]));
            }
            sampleCount = 0;
        }
        return lines;
    }

    /** The worker's end of the channel to the master's metrics endpoint: a non-blocking UDP socket on loopback. */
    private record MasterReporter(DatagramChannel channel, InetSocketAddress master, long key, long instance) {
        static MasterReporter open(int port, long key) {
            try {
                DatagramChannel channel = DatagramChannel.open();
                channel.configureBlocking(false);
                return new MasterReporter(channel, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), key,
                        ThreadLocalRandom.current().nextLong());
            } catch (IOException e) {
                log.warn("Cannot report request counts to the master: {}", e.toString());
                return null;
            }
        }

        void send(RequestStats stats, int upgradedConnections) {
            byte[] report = stats.report(instance, (int) ProcessHandle.current().pid(), upgradedConnections).encode(key);
            try {
                channel.send(ByteBuffer.wrap(report), master);
            } catch (IOException e) {
                log.debug("report to the master not sent: {}", e.toString());
            }
        }
    }
}
