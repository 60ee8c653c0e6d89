package io.junicorn.common.metrics;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** StatsD lines exactly as gunicorn's instrument/statsd.py writes them, and their packing into datagrams. */
class StatsdFormatTest {
    private final StatsdFormat plain = new StatsdFormat("junicorn", "");

    @Test
    void counterTimerAndGaugeLines() {
        assertEquals("junicorn.requests:1|c|@1.0", plain.counter("requests", 1));
        assertEquals("junicorn.request.status.404:3|c|@1.0", plain.counter("request.status.404", 3));
        assertEquals("junicorn.request.duration:12.345|ms", plain.timer("request.duration", 12_345_678));
        assertEquals("junicorn.request.duration:0.007|ms", plain.timer("request.duration", 7_000));
        assertEquals("junicorn.workers:4|g", plain.gauge("workers", 4));
    }

    @Test
    void prefixGetsExactlyOneDotAsInGunicorn() {
        assertEquals("app.", StatsdFormat.metricPrefix("app"));
        assertEquals("app.", StatsdFormat.metricPrefix("app..."));
        assertEquals("my.app.", StatsdFormat.metricPrefix("my.app."));
        assertEquals("", StatsdFormat.metricPrefix(""));
        assertEquals("requests:1|c|@1.0", new StatsdFormat("", "").counter("requests", 1));
    }

    @Test
    void dogstatsdTagsEndEveryLine() {
        StatsdFormat tagged = new StatsdFormat("junicorn", "env:prod,app:shop");
        assertEquals("junicorn.requests:2|c|@1.0|#env:prod,app:shop", tagged.counter("requests", 2));
        assertEquals("junicorn.workers:1|g|#env:prod,app:shop", tagged.gauge("workers", 1));
        assertEquals("junicorn.request.duration:1.000|ms|#env:prod,app:shop", tagged.timer("request.duration", 1_000_000));
    }

    @Test
    void linesArePackedNewlineSeparatedWithinTheLimit() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(plain.timer("request.duration", i * 1_000_000L));
        }
        List<byte[]> datagrams = StatsdFormat.datagrams(lines, 200);
        List<String> unpacked = new ArrayList<>();
        for (byte[] datagram : datagrams) {
            assertTrue(datagram.length <= 200, "datagram of " + datagram.length + " bytes");
            unpacked.addAll(List.of(new String(datagram, StandardCharsets.UTF_8).split("\n")));
        }
        assertEquals(lines, unpacked);
        assertTrue(datagrams.size() < lines.size() / 4, datagrams.size() + " datagrams for 100 lines");
    }

    @Test
    void aLineLongerThanTheLimitGoesAlone() {
        String longLine = "x".repeat(300);
        List<byte[]> datagrams = StatsdFormat.datagrams(List.of("a:1|c", longLine, "b:1|c"), 200);
        assertEquals(3, datagrams.size());
        assertEquals(longLine, new String(datagrams.get(1), StandardCharsets.UTF_8));
    }
}
