package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --reload: new workers when a jar on the class path or a --reload-extra-file changes; refused with --daemon. */
class ReloadOnChangeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aChangedJarOrExtraFileReplacesTheWorkers() throws Exception {
        Path directory = Files.createTempDirectory("junicorn-reload-");
        Path jar = directory.resolve("app.jar");
        Path extra = directory.resolve("templates/page.html");
        Files.copy(Path.of(Junicorn.HELLO_JAR), jar);
        Files.createDirectories(extra.getParent());
        Files.writeString(extra, "one");
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "--reload", "--reload-extra-file",
                extra.getParent().toString(), "--class-path", jar.toString(), Junicorn.HELLO))) {
            List<Long> first = server.awaitServingWorkers(2, WAIT);
            server.awaitLog("Reload on change: watching 1 files and 1 directory trees", WAIT);

            // a build replaces the jar by renaming a new one over it
            Path built = directory.resolve("app.jar.tmp");
            Files.copy(Path.of(Junicorn.HELLO_JAR), built);
            Files.move(built, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            server.awaitLog("Reload on change: " + jar + " changed; starting new workers", WAIT);
            List<Long> second = awaitReplaced(server, first);

            Files.writeString(extra, "two");
            server.awaitLog("Reload on change: " + extra + " changed", WAIT);
            awaitReplaced(server, second);
            server.stopCleanly();
        } finally {
            Files.deleteIfExists(extra);
            Files.deleteIfExists(extra.getParent());
            Files.deleteIfExists(jar);
            Files.deleteIfExists(directory);
        }
    }

    @Test
    void refusedWithDaemon() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("--reload", "--daemon", "--error-logfile", "-",
                "--class-path", Junicorn.HELLO_JAR, Junicorn.HELLO))) {
            assertEquals(1, server.awaitExit(WAIT));
            assertTrue(server.log().contains("reload and daemon do not go together"), server.log());
        }
    }

    private static List<Long> awaitReplaced(Junicorn server, List<Long> old) {
        Junicorn.await("every worker replaced", WAIT, () -> {
            List<Long> now = server.workerPids();
            return now.size() == 2 && now.stream().noneMatch(old::contains);
        });
        return server.awaitServingWorkers(2, WAIT);
    }
}
