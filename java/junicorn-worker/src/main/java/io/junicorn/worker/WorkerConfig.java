package io.junicorn.worker;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the master tells a worker at spawn: its heartbeat slot ({@code JUNICORN_WORKER}), and in
 * {@code JUNICORN_WORKER_CONF} the master's settings (Config.encode) followed by {@code spawn.*} lines
 * particular to this worker. The master validated every value, so a malformed entry is a boot error.
 * spawn.metrics_port and spawn.metrics_key come only when the master serves --metrics-bind: where and with
 * which key to report request counts (WorkerMetrics); 0 otherwise. spawn.master_pid is the pid the worker
 * compares its parent with: getppid() at start would give init's pid if the master died while the JVM started.
 * spawn.class_path is the application's class path, expanded by the master, entries separated by ':' (the JVM's
 * own class path holds only junicorn's jars). spawn.spare is true for one of the spare_workers, which boots and then
 * waits for the master's USR2 before it serves.
 */
record WorkerConfig(int slot, int generation, long age, String app, List<Path> classPath, int listeners,
                    long maxRequests, Config settings, int metricsPort, long metricsKey, int masterPid,
                    boolean spare) {

    static WorkerConfig fromEnvironment() {
        String slot = System.getenv("JUNICORN_WORKER");
        String conf = System.getenv("JUNICORN_WORKER_CONF");
        if (slot == null || conf == null) {
            throw new IllegalStateException("JUNICORN_WORKER and JUNICORN_WORKER_CONF must be set by the master");
        }
        Map<String, String> spawn = new HashMap<>();
        for (String line : conf.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("spawn.") && eq > 0) {
                spawn.put(line.substring("spawn.".length(), eq), line.substring(eq + 1));
            }
        }
        String app = required(spawn, "app");
        return new WorkerConfig(Integer.parseInt(slot), Integer.parseInt(required(spawn, "generation")),
                Long.parseLong(required(spawn, "age")), app, classPath(required(spawn, "class_path")),
                Integer.parseInt(required(spawn, "listeners")), Long.parseLong(required(spawn, "max_requests")),
                Config.decode(conf, app), Integer.parseInt(spawn.getOrDefault("metrics_port", "0")),
                Long.parseLong(spawn.getOrDefault("metrics_key", "0")),
                Integer.parseInt(required(spawn, "master_pid")), Boolean.parseBoolean(required(spawn, "spare")));
    }

    private static List<Path> classPath(String entries) {
        return Arrays.stream(entries.split(":")).filter(entry -> !entry.isEmpty()).map(Path::of).toList();
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("JUNICORN_WORKER_CONF has no spawn." + key);
        }
        return value;
    }

    String workerClass() {
        return Registry.workerClass(settings);
    }

    long timeoutMillis() {
        return settings.millis(Registry.TIMEOUT);
    }

    long gracefulTimeoutMillis() {
        return settings.millis(Registry.GRACEFUL_TIMEOUT);
    }

    int workerConnections() {
        return settings.integer(Registry.WORKER_CONNECTIONS);
    }

    int keepAliveMillis() {
        return (int) settings.millis(Registry.KEEPALIVE);
    }


    /** How long the accept loop may block between ticks: half the timeout, as gunicorn does, at most 1 s. */
    long tickMillis() {
        long timeout = timeoutMillis();
        return timeout <= 0 ? 1000 : Math.max(10, Math.min(1000, timeout / 2));
    }
}
