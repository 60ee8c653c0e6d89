package io.junicorn.master.arbiter;

import io.junicorn.master.settings.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker JVM's memory defaults, and a --jvm-opt replacing each of them. */
class WorkerJvmOptionsTest {
    private final WorkerSpawner spawner = new WorkerSpawner(null, Path.of("/opt/junicorn"), "/opt/junicorn/bin/junicorn",
            "/nonexistent/lib/server/libjvm.so");

    private List<String> options(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        command.add("app.Handler");
        return spawner.jvmOptions(ConfigLoader.load(command, Map.of()), 2);
    }

    @Test
    void aFixedYoungGenerationAndAnInitialHeapAroundIt() {
        List<String> options = options("--worker-heap", "512m");
        assertTrue(options.contains("-Xmx512m"), options.toString());
        assertTrue(options.contains("-Xmn16m"), options.toString());
        assertTrue(options.contains("-Xms32m"), options.toString());
        assertTrue(options.contains("-XX:+UseSerialGC"), options.toString());
    }

    @Test
    void aSmallHeapGetsAQuarterForTheYoungGeneration() {
        List<String> options = options("--worker-heap", "20m");
        assertTrue(options.contains("-Xmn5m"), options.toString());
        assertTrue(options.contains("-Xms10m"), options.toString());
    }

    @Test
    void theUsersMaximumHeapSizesTheYoungGeneration() {
        List<String> options = options("--jvm-opt=-Xmx24m");
        assertFalse(options.stream().anyMatch(option -> option.startsWith("-Xmx") && !option.equals("-Xmx24m")));
        assertTrue(options.contains("-Xmn6m"), options.toString());
    }

    @Test
    void theUsersOwnSizesReplaceJunicorns() {
        List<String> options = options("--jvm-opt=-Xmn64m", "--jvm-opt=-Xms1g", "--jvm-opt=-XX:+UseG1GC");
        assertEquals(1, options.stream().filter(option -> option.startsWith("-Xmn")).count(), options.toString());
        assertEquals(1, options.stream().filter(option -> option.startsWith("-Xms")).count(), options.toString());
        assertFalse(options.contains("-XX:+UseSerialGC"), options.toString());
    }

    @Test
    void anUnreadableMaximumLeavesTheGenerationsToHotSpot() {
        List<String> options = options("--jvm-opt=-XX:MaxRAMPercentage=10");
        assertFalse(options.stream().anyMatch(option -> option.startsWith("-Xmn") || option.startsWith("-Xms")
                || option.startsWith("-Xmx")), options.toString());
    }
}
