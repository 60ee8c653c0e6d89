package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** StatsD datagrams, gunicorn's metric names under junicorn., reach a real UDP socket standing in for StatsD. */
class StatsdTest {

    @Test
    void requestsDurationsStatusesAndWorkersGauge() throws Exception {
        try (DatagramSocket statsd = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Junicorn server = Junicorn.hello("-w", "2", "--statsd-host", "127.0.0.1:" + statsd.getLocalPort(),
                     "--dogstatsd-tags", "env:test")) {
            int port = server.port();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, Http.get(port, "/").status());
            }
            assertEquals(404, Http.get(port, "/no-such-page").status());
            List<String> prefixes = List.of("junicorn.requests:", "junicorn.request.duration:",
                    "junicorn.request.status.200:", "junicorn.request.status.404:", "junicorn.workers:");
            // Each worker sends its own second's lines: wait until both have, and the counter adds up.
            List<String> lines = awaitLines(statsd, received -> requestsCounted(received) >= 4
                    && prefixes.stream().allMatch(prefix -> received.stream().anyMatch(line -> line.startsWith(prefix))));
            assertTrue(lines.stream().anyMatch(line -> line.matches("junicorn\\.request\\.duration:\\d+\\.\\d{3}\\|ms\\|#env:test")),
                    lines.toString());
            assertTrue(lines.stream().anyMatch(line -> line.matches("junicorn\\.requests:\\d+\\|c\\|@1\\.0\\|#env:test")),
                    lines.toString());
            assertEquals(4, requestsCounted(lines), "the requests counter adds up to the requests made: " + lines);
            assertTrue(lines.contains("junicorn.workers:2|g|#env:test"), lines.toString());
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }

    private static long requestsCounted(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("junicorn.requests:"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1, line.indexOf('|')))).sum();
    }

    /** Every line received until the condition holds, or fails at the deadline. */
    private static List<String> awaitLines(DatagramSocket statsd, Predicate<List<String>> done) throws Exception {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        byte[] buffer = new byte[65_536];
        while (!done.test(lines)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                fail("the StatsD lines expected did not come; got " + lines);
            }
            statsd.setSoTimeout((int) left);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                statsd.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            lines.addAll(List.of(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).split("\n")));
        }
        return lines;
    }
}
