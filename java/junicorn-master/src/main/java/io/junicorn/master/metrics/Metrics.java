package io.junicorn.master.metrics;

import io.junicorn.common.metrics.LogCounter;
import io.junicorn.common.metrics.StatsdClient;
import io.junicorn.common.metrics.WorkerReport;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;
import io.junicorn.master.arbiter.MasterControl;
import io.junicorn.master.arbiter.WorkerSpawner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The master's side of metrics, on a {@code junicorn-metrics} thread of its own so the arbiter loop never
 * waits on it: it receives the workers' reports (when --metrics-bind is set) and once a second folds the
 * exited workers into the totals and sends StatsD's {@code workers} gauge and log counters (--statsd-host).
 * With neither setting there is no thread and no socket.
 */
public final class Metrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Metrics.class);
    static final long TICK_NANOS = 1_000_000_000L;

    private final MasterControl control;
    private final StatsdClient statsd;
    private final DatagramSocket reports;
    private final long key;
    private final RequestTotals totals;
    private MetricsEndpoint endpoint;
    private Thread thread;
    private int lastWorkers = -1;
    private boolean backlogMetric;
    private volatile java.util.OptionalInt backlog = java.util.OptionalInt.empty();
    private volatile boolean closed;

    private Metrics(MasterControl control, StatsdClient statsd, DatagramSocket reports, long key) {
        this.control = control;
        this.statsd = statsd;
        this.reports = reports;
        this.key = key;
        this.totals = reports == null ? null : new RequestTotals();
    }

    /** Starts what the settings ask for; a setting that cannot be honoured is a SettingsException (exit 1). */
    public static Metrics start(Config config, MasterControl control, WorkerSpawner spawner) {
        String bind = config.string(Registry.METRICS_BIND);
        String statsdHost = config.string(Registry.STATSD_HOST);
        StatsdClient statsd = statsdHost.isEmpty() ? null : StatsdClient.open(statsdHost,
                config.string(Registry.STATSD_PREFIX), config.string(Registry.DOGSTATSD_TAGS));
        DatagramSocket reports = bind.isEmpty() ? null : openReportSocket();
        Metrics metrics = new Metrics(control, statsd, reports, reports == null ? 0 : new SecureRandom().nextLong());
        metrics.backlogMetric = config.flag(Registry.ENABLE_BACKLOG_METRIC);
        try {
            if (reports != null) {
                metrics.endpoint = MetricsEndpoint.start(bind, control, metrics.totals, () -> metrics.backlog);
                spawner.reportMetricsTo(reports.getLocalPort(), metrics.key);
            }
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        if (statsd != null) {
            LogCounter.install(statsd);
        }
        if (statsd != null || reports != null) {
            metrics.thread = Thread.ofPlatform().name("junicorn-metrics").daemon(true).start(metrics::run);
        }
        return metrics;
    }

    private static DatagramSocket openReportSocket() {
        try {
            return new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new SettingsException("metrics_bind: cannot open the workers' report socket on loopback: "
                    + e.getMessage());
        }
    }

    private void run() {
        byte[] buffer = new byte[WorkerReport.MAX_DATAGRAM_BYTES];
        long nextTick = System.nanoTime() + TICK_NANOS;
        while (!closed) {
            try {
                long wait = nextTick - System.nanoTime();
                if (wait > 0) {
                    waitForReport(buffer, wait);
                } else {
                    tick();
                    nextTick = System.nanoTime() + TICK_NANOS;
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.warn("metrics: {}", e.toString());
                }
            }
        }
    }

    private void waitForReport(byte[] buffer, long waitNanos) throws IOException, InterruptedException {
        if (reports == null) {
            Thread.sleep(Math.max(1, waitNanos / 1_000_000));
            return;
        }
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        reports.setSoTimeout((int) Math.max(1, waitNanos / 1_000_000));
        try {
            reports.receive(packet);
        } catch (SocketTimeoutException e) {
            return;
        }
        WorkerReport.decode(ByteBuffer.wrap(buffer, 0, packet.getLength()), key)
                .ifPresent(report -> totals.update(report, System.nanoTime()));
    }

    /** Once a tick, as gunicorn's arbiter measures it once a loop: StatsD gets it now, Prometheus when it scrapes. */
    private void measureBacklog() {
        try {
            backlog = java.util.OptionalInt.of(ListenBacklog.of(control.listeners()));
            if (statsd != null) {
                statsd.gauge("backlog", backlog.getAsInt());
            }
        } catch (IOException e) {
            log.debug("backlog metric: {}", e.toString());
        }
    }

    private void tick() {
        MasterControl.Status status = control.status();
        Set<Integer> pids = status.workers().stream().map(MasterControl.WorkerStatus::pid).collect(Collectors.toSet());
        if (totals != null) {
            totals.retireExited(pids, System.nanoTime());
        }
        if (backlogMetric) {
            measureBacklog();
        }
        if (statsd != null) {
            // gunicorn sends the gauge when the count changes (manage_workers); so do we, from the loop's snapshot.
            if (pids.size() != lastWorkers) {
                lastWorkers = pids.size();
                statsd.gauge("workers", lastWorkers);
            }
            statsd.flush();
        }
    }

    /** Stops the thread before the last StatsD flush, so the two never send on a closing socket at once. */
    @Override
    public void close() {
        closed = true;
        if (endpoint != null) {
            endpoint.close();
        }
        if (reports != null) {
            reports.close();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (statsd != null) {
            statsd.close();
        }
    }
}
