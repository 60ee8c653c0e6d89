package io.junicorn.common.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * StatsD lines as gunicorn's instrument/statsd.py writes them: {@code <prefix><name>:<value>|c|@1.0} for
 * counters, {@code |ms} for timers, {@code |g} for gauges, and DogStatsD tags appended as {@code |#tags}.
 */
public final class StatsdFormat {
    private final String prefix;
    private final String tagSuffix;

    public StatsdFormat(String prefix, String dogstatsdTags) {
        this.prefix = metricPrefix(prefix);
        this.tagSuffix = dogstatsdTags.isEmpty() ? "" : "|#" + dogstatsdTags;
    }

    /** gunicorn's rule: a prefix gets exactly one trailing '.', an empty prefix stays empty. */
    static String metricPrefix(String prefix) {
        String trimmed = prefix.replaceAll("\\.+$", "");
        return trimmed.isEmpty() ? "" : trimmed + ".";
    }

    public String counter(String name, long value) {
        return prefix + name + ":" + value + "|c|@1.0" + tagSuffix;
    }

    /** A timer in milliseconds, with gunicorn's microsecond resolution. */
    public String timer(String name, long nanos) {
        long micros = nanos / 1_000;
        return prefix + name + ":" + (micros / 1_000) + "." + String.format("%03d", micros % 1_000) + "|ms" + tagSuffix;
    }

    public String gauge(String name, long value) {
        return prefix + name + ":" + value + "|g" + tagSuffix;
    }

    /**
     * Packs lines into datagrams of at most {@code maxBytes}, newline-separated as StatsD servers accept, so a
     * second's metrics cost a few sends instead of one per request. A line longer than that goes alone.
     */
    public static List<byte[]> datagrams(List<String> lines, int maxBytes) {
        List<byte[]> datagrams = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int size = 0;
        for (String line : lines) {
            int length = line.getBytes(StandardCharsets.UTF_8).length;
            if (size > 0 && size + 1 + length > maxBytes) {
                datagrams.add(current.toString().getBytes(StandardCharsets.UTF_8));
                current.setLength(0);
                size = 0;
            }
            if (size > 0) {
                current.append('\n');
                size++;
            }
            current.append(line);
            size += length;
        }
        if (size > 0) {
            datagrams.add(current.toString().getBytes(StandardCharsets.UTF_8));
        }
        return datagrams;
    }
}
