package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** --max-worker-memory: a worker whose PSS stays above the limit is retired gracefully, logged, and replaced. */
class MaxWorkerMemoryTest {

    @Test
    void aWorkerAboveTheLimitIsRecycledWithTheReasonLogged() throws Exception {
        // 1 MiB: every JVM is above it, so the one worker is recycled 5 s after it is ready, and again after that
        try (Junicorn server = Junicorn.hello("-w", "1", "--max-worker-memory", "1m")) {
            int port = server.port();
            long first = server.awaitServingWorkers(1, Duration.ofSeconds(20)).getFirst();
            Matcher retired = server.awaitLog("Worker \\(pid:(\\d+)\\) uses (\\d+) MiB \\(PSS\\), above "
                    + "max_worker_memory 1 MiB for [5-9] s: retiring it gracefully", Duration.ofSeconds(20));
            assertEquals(first, Long.parseLong(retired.group(1)));
            Junicorn.await("a replacement serving", Duration.ofSeconds(20), () -> {
                try {
                    Http.Response response = Http.get(port, "/pid");
                    return response.status() == 200 && Long.parseLong(response.body()) != first;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            List<Long> now = server.workerPids();
            assertNotEquals(List.of(first), now);
            server.stopCleanly();
        }
    }
}
