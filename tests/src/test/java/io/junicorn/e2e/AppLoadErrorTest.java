package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An application that cannot load halts the master with status 4 and one clear line; no respawn loop. */
class AppLoadErrorTest {

    @Test
    void missingClassHaltsWithStatusFour() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-b", "127.0.0.1:0",
                "--class-path", Junicorn.HELLO_JAR, "com.example.NoSuchApp"))) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(30)));
            String log = server.log();
            assertTrue(log.contains("App failed to load: no class com.example.NoSuchApp on the class path"), log);
            assertTrue(log.contains("Reason: App failed to load."), log);
            long boots = log.lines().filter(line -> line.contains("Booting worker")).count();
            assertTrue(boots <= 2, "no respawn loop: " + boots + " workers booted\n" + log);
        }
    }

    @Test
    void badFlagIsAUsageError() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("--workers", "lots", Junicorn.HELLO))) {
            assertEquals(1, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("workers = lots: expected a whole number"), server.log());
        }
        try (Junicorn server = Junicorn.start(List.of("--no-such-flag", Junicorn.HELLO))) {
            assertEquals(2, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("Unknown option: '--no-such-flag'"), server.log());
        }
    }
}
