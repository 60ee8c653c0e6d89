package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** StatsD and syslog at unix://PATH: the master's and the workers' datagrams reach unix sockets the test binds. */
class UnixDatagramTest {

    @Test
    void statsdAndSyslogLinesFromMasterAndWorkers() throws Exception {
        try (NotifySocket statsd = new NotifySocket();
             NotifySocket syslog = new NotifySocket();
             Junicorn server = Junicorn.hello("-w", "2", "--statsd-host", "unix://" + statsd.path,
                     "--log-syslog", "--log-syslog-to", "unix://" + syslog.path, "--log-syslog-prefix", "e2e")) {
            int port = server.port();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, Http.get(port, "/").status());
            }
            // junicorn.workers comes from the master, junicorn.requests from the workers.
            List<String> metrics = await(statsd, lines -> lines.contains("junicorn.workers:2|g")
                    && lines.stream().filter(line -> line.startsWith("junicorn.requests:"))
                    .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1, line.indexOf('|')))).sum() >= 3);
            assertTrue(metrics.stream().anyMatch(line -> line.matches("junicorn\\.request\\.duration:\\d+\\.\\d{3}\\|ms")),
                    metrics.toString());
            // gunicorn's syslog line, <PRI> first: the master's start and each worker's boot.
            List<String> logLines = await(syslog, lines -> lines.stream().anyMatch(line -> line.contains("Starting junicorn"))
                    && lines.stream().filter(line -> line.contains("Booting worker with pid: ")).count() >= 2);
            assertTrue(logLines.stream().filter(line -> line.contains("Booting worker"))
                    .allMatch(line -> line.matches("<\\d+>.* junicorn\\.e2e\\.error: \\[\\d+\\] Booting worker with pid: \\d+")),
                    logLines.toString());
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }

    /** Every line received until the condition holds; fails at a 20 s deadline. */
    private static List<String> await(NotifySocket socket, Predicate<List<String>> done) {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.test(lines)) {
            long left = deadline - System.nanoTime();
            try {
                lines.addAll(List.of(socket.receive(Duration.ofNanos(Math.max(1_000_000, left))).split("\n")));
            } catch (AssertionError e) {
                throw new AssertionError("the lines expected at " + socket.path + " did not come; got " + lines, e);
            }
        }
        return lines;
    }
}
