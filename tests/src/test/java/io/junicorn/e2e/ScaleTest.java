package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TTIN adds a worker, TTOU retires the oldest, never below one. */
class ScaleTest {

    @Test
    void ttinAndTtou() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "1")) {
            List<Long> one = server.awaitServingWorkers(1, Duration.ofSeconds(30));
            server.signal("TTIN");
            List<Long> two = server.awaitServingWorkers(2, Duration.ofSeconds(30));
            assertTrue(two.containsAll(one));
            server.signal("TTOU");
            Junicorn.await("back to one worker", Duration.ofSeconds(40), () -> server.workerPids().size() == 1);
            assertTrue(!server.workerPids().contains(one.get(0)), "TTOU retires the oldest worker");
            server.signal("TTOU");
            server.awaitLog("(?s)Handling signal: ttou.*?Handling signal: ttou", Duration.ofSeconds(10));
            assertEquals(1, server.awaitServingWorkers(1, Duration.ofSeconds(10)).size(), "never below one worker");
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }
}
