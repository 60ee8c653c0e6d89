package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker killed with SIGKILL is replaced, and the master keeps running. */
class RespawnTest {

    @Test
    void killedWorkerIsReplaced() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "2")) {
            List<Long> before = server.awaitServingWorkers(2, Duration.ofSeconds(30));
            long victim = before.get(0);
            Junicorn.signal(victim, "KILL");
            Junicorn.await("a replacement worker", Duration.ofSeconds(20), () -> {
                List<Long> now = server.workerPids();
                return now.size() == 2 && !now.contains(victim);
            });
            List<Long> after = server.awaitServingWorkers(2, Duration.ofSeconds(20));
            assertFalse(after.contains(victim));
            assertTrue(after.contains(before.get(1)), "the other worker was left alone");
            server.awaitLog("Worker \\(pid:" + victim + "\\) was sent SIGKILL", Duration.ofSeconds(5));
            assertTrue(server.alive());
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors("was sent SIGKILL");
        }
    }
}
