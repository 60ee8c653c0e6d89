package io.junicorn.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * app_aot_cache (JDK 25 dists only): the first worker records the application's AOT cache, is retired once another
 * serves, and the master puts the cache in place; the next generation's workers map it; a changed jar records anew.
 */
class AppAotCacheTest {
    private static final Duration RECORDED = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aWorkerRecordsTheCacheTheNextGenerationMapsItAndAChangedJarRecordsANewOne() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Junicorn.DIST.resolve("lib/worker.aot")),
                "a dist built with JDK 25+ (it records lib/worker.aot)");
        Path jar = Files.copy(Path.of(Junicorn.HELLO_JAR), directory.resolve("hello.jar"));
        Path caches = directory.resolve("caches");
        try (Junicorn server = Junicorn.start(List.of("-b", "127.0.0.1:0", "-w", "2", "--class-path", jar.toString(),
                "--app-aot-cache", caches.toString(), Junicorn.HELLO))) {
            Matcher recorder = server.awaitLog("Worker \\(pid:(\\d+)\\) records the application's AOT cache (\\S+) ",
                    Duration.ofSeconds(30));
            Path first = Path.of(recorder.group(2));
            server.awaitLog("Worker \\(pid:" + recorder.group(1) + "\\) recorded its boot for the application's AOT "
                    + "cache: retiring it", Duration.ofSeconds(30));
            server.awaitLog("Recorded the application's AOT cache " + java.util.regex.Pattern.quote(first.toString()),
                    RECORDED);
            assertTrue(Files.size(first) > 0);
            assertEquals(List.of(first), files(caches), "nothing but the cache is left in the directory");

            server.signal("HUP");
            server.awaitShowingLog("the new generation mapping the cache", RECORDED,
                    () -> mapping(server, first) == 2);
            server.awaitServingWorkers(2, Duration.ofSeconds(30));

            Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
            server.signal("HUP");
            Matcher again = server.awaitLog("Worker \\(pid:\\d+\\) records the application's AOT cache (?!"
                    + java.util.regex.Pattern.quote(first.toString()) + ")(\\S+) ", Duration.ofSeconds(60));
            Path second = Path.of(again.group(1));
            assertNotEquals(first, second);
            server.awaitLog("Recorded the application's AOT cache " + java.util.regex.Pattern.quote(second.toString()),
                    RECORDED);
            server.awaitShowingLog("the old version's cache removed", Duration.ofSeconds(10),
                    () -> files(caches).equals(List.of(second)));
            assertFalse(Files.exists(first));
            server.stopCleanly();
        }
    }

    /** How many of the master's workers have the cache file mapped (/proc/PID/maps). */
    private static long mapping(Junicorn server, Path cache) {
        return server.workerPids().stream().filter(pid -> {
            try {
                return Files.readString(Path.of("/proc/" + pid + "/maps")).contains(cache.toString());
            } catch (IOException e) { // exited meanwhile
                return false;
            }
        }).count();
    }

    private static List<Path> files(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
