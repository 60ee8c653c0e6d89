package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The master survives its workers: a worker that dies at every boot is respawned with back-off, not in a spin. */
class CrashLoopTest {
    private static final Pattern FAILURE = Pattern.compile(
            "\\[\\S+ (\\d\\d:\\d\\d:\\d\\d) [+-]\\d{4}\\] \\[\\d+\\] \\[WARN\\] Worker \\(pid:\\d+\\) exited before it was ready \\((\\d+) in a row\\); next spawn in (\\d+) ms");

    @Test
    void failingBootsBackOff() throws Exception {
        String classes = Path.of(CrashLoopTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", classes,
                "io.junicorn.e2e.apps.CrashOnBoot"))) {
            server.awaitLog("\\(5 in a row\\); next spawn in 1600 ms", Duration.ofSeconds(30));
            Matcher failures = FAILURE.matcher(server.log());
            long previousDelay = 0;
            int count = 0;
            LocalTime first = null;
            LocalTime fifth = null;
            while (failures.find() && count < 5) {
                count++;
                long delay = Long.parseLong(failures.group(3));
                assertEquals(count, Integer.parseInt(failures.group(2)));
                assertTrue(delay > previousDelay, "the delay grows: " + delay + " after " + previousDelay);
                previousDelay = delay;
                if (count == 1) {
                    first = LocalTime.parse(failures.group(1));
                }
                fifth = LocalTime.parse(failures.group(1));
            }
            assertEquals(5, count);
            assertTrue(Duration.between(first, fifth).toMillis() >= 1000, "five boots take at least 1.5 s of back-off");
            assertTrue(server.alive(), "the master never dies for a worker's fault");
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
        }
    }
}
