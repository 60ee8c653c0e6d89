package io.junicorn.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Started with a low soft RLIMIT_NOFILE, the master runs at the hard limit, says so in one line, its workers
 * inherit it, and worker_connections beyond it get a warning.
 */
@Timeout(120)
class FileDescriptorLimitTest {
    @Test
    void theMasterAndItsWorkersRunAtTheHardLimit() throws Exception {
        long hard = openFiles(Path.of("/proc/self/limits"))[1];
        List<String> lowered = List.of("sh", "-c", "ulimit -Sn 512 && exec \"$0\" \"$@\"");
        try (Junicorn server = Junicorn.start(lowered, List.of("-b", "127.0.0.1:0", "-w", "2", "-k", "virtual",
                "--worker-connections", Long.toString(hard), "--class-path", Junicorn.HELLO_JAR, Junicorn.HELLO),
                Map.of())) {
            List<Long> workers = server.awaitServingWorkers(2, Duration.ofSeconds(30));
            server.awaitLog("\\[INFO\\] File descriptors: at most " + hard + " per process \\(", Duration.ofSeconds(5));
            server.awaitLog("\\[WARN\\] worker_connections = " + hard + " needs about " + (hard + 128)
                    + " file descriptors per worker, above the limit of " + hard + ": ", Duration.ofSeconds(5));
            for (long pid : List.of(server.pid(), workers.get(0), workers.get(1))) {
                long[] limits = openFiles(Path.of("/proc", Long.toString(pid), "limits"));
                assertEquals(hard, limits[0], "soft limit of " + pid);
            }
            server.stopCleanly();
        }
    }

    /** "Max open files  SOFT  HARD  files" of a /proc/PID/limits file. */
    private static long[] openFiles(Path limits) throws IOException {
        for (String line : Files.readAllLines(limits)) {
            if (line.startsWith("Max open files")) {
                String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
            }
        }
        throw new IllegalStateException("no 'Max open files' in " + limits);
    }
}
