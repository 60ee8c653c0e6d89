package io.junicorn.master.metrics;

import io.junicorn.master.arbiter.MasterControl;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scrape's text, in the Prometheus 0.0.4 format and in OpenMetrics 1.0. */
class PrometheusTextTest {
    private static final MasterControl.Status STATUS = new MasterControl.Status(10, 1, 2, 5000, List.of(
            new MasterControl.WorkerStatus(11, 1, 1, 4000, "ready", 3),
            new MasterControl.WorkerStatus(12, 1, 2, 4000, "ready", 4)));

    private static RequestTotals.Totals totals() {
        RequestTotals totals = new RequestTotals();
        totals.update(RequestTotalsTest.report(1, 11, 3), 0);
        totals.update(RequestTotalsTest.report(2, 12, 4), 0);
        return totals.totals();
    }

    @Test
    void prometheusText() {
        String text = PrometheusText.render(STATUS, totals(), false);
        assertTrue(text.contains("""
                # HELP junicorn_requests_total Requests served by every worker since the master started.
                # TYPE junicorn_requests_total counter
                junicorn_requests_total 7
                """), text);
        assertTrue(text.contains("""
                # TYPE junicorn_request_duration_seconds histogram
                junicorn_request_duration_seconds_bucket{le="0.005"} 7
                junicorn_request_duration_seconds_bucket{le="0.01"} 7
                """), text);
        assertTrue(text.contains("""
                junicorn_request_duration_seconds_bucket{le="10.0"} 7
                junicorn_request_duration_seconds_bucket{le="+Inf"} 7
                junicorn_request_duration_seconds_sum 0.007
                junicorn_request_duration_seconds_count 7
                """), text);
        assertTrue(text.contains("# TYPE junicorn_responses_total counter\njunicorn_responses_total{code=\"200\"} 7\n"),
                text);
        assertTrue(text.contains("# TYPE junicorn_workers gauge\njunicorn_workers 2\n"), text);
        assertTrue(text.contains("junicorn_workers_target 2\n"), text);
        assertTrue(text.contains("""
                # TYPE junicorn_worker_requests_total counter
                junicorn_worker_requests_total{pid="11",generation="1"} 3
                junicorn_worker_requests_total{pid="12",generation="1"} 4
                """), text);
        assertTrue(!text.contains("# EOF"), text);
    }

    @Test
    void everySampleLineIsNameLabelsValue() {
        for (String line : PrometheusText.render(STATUS, totals(), false).split("\n")) {
            assertTrue(line.startsWith("# HELP ") || line.startsWith("# TYPE ")
                    || line.matches("[a-z_]+(\\{[a-z]+=\"[^\"]*\"(,[a-z]+=\"[^\"]*\")*})? [0-9.E+-]+"), line);
        }
    }

    @Test
    void openMetricsNamesCounterFamiliesWithoutTotalAndEnds() {
        String text = PrometheusText.render(STATUS, totals(), true);
        assertTrue(text.contains("# TYPE junicorn_requests counter\njunicorn_requests_total 7\n"), text);
        assertTrue(text.contains("# TYPE junicorn_responses counter\n"), text);
        assertTrue(text.endsWith("\n# EOF\n"), text);
        assertEquals(text.indexOf("# EOF"), text.lastIndexOf("# EOF"), "one # EOF");
    }
}
