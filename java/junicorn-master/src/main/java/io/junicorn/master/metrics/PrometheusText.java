package io.junicorn.master.metrics;

import io.junicorn.common.metrics.WorkerReport;
import io.junicorn.master.arbiter.MasterControl;

/**
 * The Prometheus text exposition format (version 0.0.4), or OpenMetrics 1.0 when the scraper asks for it:
 * the two differ only in how a counter family is named and in the closing {@code # EOF}.
 */
final class PrometheusText {
    static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final boolean openMetrics;
    private final StringBuilder text = new StringBuilder();

    private PrometheusText(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    static String render(MasterControl.Status status, RequestTotals.Totals totals, boolean openMetrics) {
        return render(status, totals, java.util.OptionalInt.empty(), openMetrics);
    }

    /** @param backlog the listen queues' length, when enable_backlog_metric is set */
    static String render(MasterControl.Status status, RequestTotals.Totals totals, java.util.OptionalInt backlog,
                         boolean openMetrics) {
        PrometheusText out = new PrometheusText(openMetrics);
        out.counter("junicorn_requests", "Requests served by every worker since the master started.");
        out.sample("junicorn_requests_total", "", totals.requests());
        out.histogram(totals);
        out.counter("junicorn_responses", "Responses by status code, every worker since the master started.");
        totals.statuses().forEach((code, count) ->
                out.sample("junicorn_responses_total", "{code=\"" + code + "\"}", count));
        out.counter("junicorn_client_aborts", "Requests whose client went away before the response was complete.");
        out.sample("junicorn_client_aborts_total", "", totals.clientAborts());
        out.gauge("junicorn_websocket_sessions", "Connections upgraded after a 101 and open now, in the workers alive:"
                + " WebSocket sessions (and any Servlet HttpUpgradeHandler's).");
        out.sample("junicorn_websocket_sessions", "", totals.upgradedConnections());
        out.gauge("junicorn_workers", "Worker processes alive, booting, stopping and spare ones included.");
        out.sample("junicorn_workers", "", status.workers().size());
        out.gauge("junicorn_workers_target", "Workers the master keeps running (--workers, TTIN/TTOU, junicorn ctl).");
        out.sample("junicorn_workers_target", "", status.targetWorkers());
        out.counter("junicorn_worker_requests", "Requests served by each worker alive.");
        for (MasterControl.WorkerStatus worker : status.workers()) {
            out.sample("junicorn_worker_requests_total",
                    "{pid=\"" + worker.pid() + "\",generation=\"" + worker.generation() + "\"}", worker.requests());
        }
        if (backlog.isPresent()) {
            out.gauge("junicorn_listen_backlog", "Connections waiting in the listeners' accept queues (enable_backlog_metric).");
            out.sample("junicorn_listen_backlog", "", backlog.getAsInt());
        }
        if (openMetrics) {
            out.text.append("# EOF\n");
        }
        return out.text.toString();
    }

    private void histogram(RequestTotals.Totals totals) {
        String name = "junicorn_request_duration_seconds";
        family(name, "histogram", "Time to serve a request, every worker since the master started.");
        long cumulative = 0;
        for (int i = 0; i < WorkerReport.BOUNDS_NANOS.length; i++) {
            cumulative += totals.durationBuckets()[i];
            sample(name + "_bucket", "{le=\"" + seconds(WorkerReport.BOUNDS_NANOS[i]) + "\"}", cumulative);
        }
        cumulative += totals.durationBuckets()[WorkerReport.BOUNDS_NANOS.length];
        sample(name + "_bucket", "{le=\"+Inf\"}", cumulative);
        text.append(name).append("_sum ").append(seconds(totals.durationNanos())).append('\n');
        sample(name + "_count", "", cumulative);
    }

    /** OpenMetrics names a counter family without the _total its samples carry; the older format with it. */
    private void counter(String family, String help) {
        family(openMetrics ? family : family + "_total", "counter", help);
    }

    private void gauge(String name, String help) {
        family(name, "gauge", help);
    }

    private void family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, long value) {
        text.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private static String seconds(long nanos) {
        return Double.toString(nanos / 1e9);
    }
}
