package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The master's /metrics counts every worker's requests in one scrape, and keeps counting across a reload. */
class MetricsEndpointTest {
    private static final Pattern TOTAL = Pattern.compile("(?m)^junicorn_requests_total (\\d+)$");

    @Test
    void oneScrapeCountsEveryWorker() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "2", "--metrics-bind", "127.0.0.1:0")) {
            int metricsPort = Integer.parseInt(server.awaitLog("Metrics at: http://127\\.0\\.0\\.1:(\\d+)/metrics",
                    Duration.ofSeconds(20)).group(1));
            int port = server.port();
            int requests = 20;
            for (int i = 0; i < requests; i++) {
                assertEquals(200, Http.get(port, "/").status());
            }
            awaitTotal(metricsPort, requests);
            String scrape = Http.get(metricsPort, "/metrics").body();
            assertTrue(scrape.contains("junicorn_workers 2\n"), scrape);
            assertTrue(scrape.contains("junicorn_responses_total{code=\"200\"} " + requests + "\n"), scrape);
            assertTrue(scrape.contains("junicorn_request_duration_seconds_count " + requests + "\n"), scrape);
            assertEquals(2, scrape.lines().filter(line -> line.startsWith("junicorn_worker_requests_total{")).count(), scrape);

            List<Long> before = server.workerPids();
            server.signal("HUP");
            Junicorn.await("a new generation replacing " + before, Duration.ofSeconds(60), () -> {
                List<Long> now = server.workerPids();
                return now.size() == 2 && now.stream().noneMatch(before::contains);
            });
            for (int i = 0; i < 5; i++) {
                assertEquals(200, Http.get(port, "/").status());
            }
            awaitTotal(metricsPort, requests + 5);

            assertEquals(404, Http.get(metricsPort, "/other").status());
            assertTrue(openMetrics(metricsPort).endsWith("# EOF\n"));
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }

    /** Reports reach the master within a second or two: wait for the total, and fail if it overshoots. */
    private static void awaitTotal(int metricsPort, long expected) {
        long[] last = {-1};
        Junicorn.await("junicorn_requests_total " + expected, Duration.ofSeconds(20), () -> {
            try {
                Matcher total = TOTAL.matcher(Http.get(metricsPort, "/metrics").body());
                last[0] = total.find() ? Long.parseLong(total.group(1)) : -1;
            } catch (IOException e) {
                return false;
            }
            assertTrue(last[0] <= expected, "junicorn_requests_total " + last[0] + " > " + expected);
            return last[0] == expected;
        });
    }

    private static String openMetrics(int metricsPort) throws IOException {
        try (Socket socket = Http.connect(metricsPort)) {
            Http.send(socket, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: application/openmetrics-text; version=1.0.0\r\nConnection: close\r\n\r\n");
            Http.Response response = Http.read(socket.getInputStream());
            assertTrue(response.head().toLowerCase().contains("content-type: application/openmetrics-text"),
                    response.head());
            return response.body();
        }
    }
}
