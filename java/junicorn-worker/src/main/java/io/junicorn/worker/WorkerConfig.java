package io.junicorn.worker;

import java.util.HashMap;
import java.util.Map;

/**
 * What the master tells a worker at spawn, read from {@code JUNICORN_WORKER_CONF}: one {@code key=value}
 * per line, written by the master's {@code WorkerSpec}. Values are already validated by the master's
 * settings registry, so a malformed entry here is a bug, reported as a boot error.
 */
record WorkerConfig(
        int slot,
        int generation,
        String app,
        String workerClass,
        String appName,
        int listeners,
        long timeoutMillis,
        long gracefulTimeoutMillis,
        long maxRequests,
        int workerConnections,
        int keepAliveMillis,
        String logLevel) {

    static WorkerConfig fromEnvironment() {
        String slot = System.getenv("JUNICORN_WORKER");
        String conf = System.getenv("JUNICORN_WORKER_CONF");
        if (slot == null || conf == null) {
            throw new IllegalStateException("JUNICORN_WORKER and JUNICORN_WORKER_CONF must be set by the master");
        }
        Map<String, String> values = new HashMap<>();
        for (String line : conf.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new WorkerConfig(
                Integer.parseInt(slot),
                Integer.parseInt(required(values, "generation")),
                required(values, "app"),
                required(values, "worker_class"),
                required(values, "app_name"),
                Integer.parseInt(required(values, "listeners")),
                Long.parseLong(required(values, "timeout_ms")),
                Long.parseLong(required(values, "graceful_timeout_ms")),
                Long.parseLong(required(values, "max_requests")),
                Integer.parseInt(required(values, "worker_connections")),
                Integer.parseInt(required(values, "keepalive_ms")),
                values.getOrDefault("loglevel", "info"));
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("JUNICORN_WORKER_CONF has no " + key);
        }
        return value;
    }

    /** How long the accept loop may block between ticks: half the timeout, as gunicorn does, at most 1 s. */
    long tickMillis() {
        return timeoutMillis <= 0 ? 1000 : Math.max(10, Math.min(1000, timeoutMillis / 2));
    }
}
