package io.junicorn.master.arbiter;

import io.junicorn.master.settings.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the settings' connections do not fit in the file descriptor limits. */
class FileDescriptorLimitTest {
    private static List<String> shortfalls(long processLimit, long systemLimit, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("app.Handler");
        return FileDescriptorLimit.shortfalls(ConfigLoader.load(all, Map.of()), processLimit, systemLimit);
    }

    @Test
    void theLimitIsPerWorkerWithAMarginForItsJvm() {
        assertEquals(List.of(), shortfalls(1128, -1, "-k", "virtual", "-w", "8"), "1000 connections + 128 fit");
        List<String> warnings = shortfalls(1127, -1, "-k", "virtual");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("worker_connections = 1000 needs about 1128 file descriptors per worker,"
                + " above the limit of 1127: "), warnings.get(0));
    }

    @Test
    void aSyncWorkerServesOneConnectionAndUnlimitedFitsEverything() {
        assertEquals(List.of(), shortfalls(256, -1, "--worker-connections", "5000"));
        assertEquals(List.of(), shortfalls(-1, -1, "-k", "gthread", "--worker-connections", "100000"));
    }

    @Test
    void allWorkersTogetherMustFitInTheSystemsLimit() {
        assertEquals(List.of("4 workers x 1128 file descriptors exceed the system's limit of 4000 (fs.file-max)"),
                shortfalls(1_000_000, 4000, "-k", "nio", "-w", "4"));
    }
}
