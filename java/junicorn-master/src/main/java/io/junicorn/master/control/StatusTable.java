package io.junicorn.master.control;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** The status answer as an operator reads it: a line for the master, then a row per worker. */
final class StatusTable {
    private static final String ROW = "%-9s %4s %5s %-9s %10s %10s %10s%n";

    private StatusTable() {
    }

    static String render(JsonNode status) {
        StringBuilder text = new StringBuilder();
        JsonNode workers = status.path("workers");
        long spares = java.util.stream.StreamSupport.stream(workers.spliterator(), false)
                .filter(worker -> worker.path("state").asText().equals("spare")).count();
        text.append(String.format(Locale.ROOT, "master %d: generation %d, %s%s (target %d), up %s, memory %s%n",
                status.path("pid").asLong(), status.path("generation").asInt(), count(workers.size() - spares, "worker"),
                spares == 0 ? "" : " and " + count(spares, "spare"),
                status.path("target_workers").asInt(), duration(status.path("uptime_ms").asLong()),
                memory(status.path("memory_pss_bytes"))));
        text.append(String.format(Locale.ROOT, ROW, "PID", "GEN", "AGE", "STATE", "REQUESTS", "UP", "MEMORY"));
        for (JsonNode worker : workers) {
            text.append(String.format(Locale.ROOT, ROW, worker.path("pid").asText(), worker.path("generation").asText(),
                    worker.path("age").asText(), worker.path("state").asText(), worker.path("requests").asText(),
                    duration(worker.path("uptime_ms").asLong()), memory(worker.path("memory_pss_bytes"))));
        }
        return text.toString();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** h:mm:ss, with days in front past one. */
    static String duration(long millis) {
        long seconds = millis / 1000;
        String clock = String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
        return seconds >= 86_400 ? (seconds / 86_400) + "d " + clock : clock;
    }

    /** PSS in MiB, or "-" when it could not be read. */
    static String memory(JsonNode bytes) {
        return bytes.isNumber() ? String.format(Locale.ROOT, "%.1f MiB", bytes.asLong() / 1048576.0) : "-";
    }
}
