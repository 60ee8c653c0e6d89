package io.junicorn.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --max-requests recycles a worker after that many requests. */
class MaxRequestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"sync", "nio"})
    void workersAreRecycled(String workerClass) throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", workerClass, "--max-requests", "5")) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            Set<Long> served = new LinkedHashSet<>();
            long deadline = System.nanoTime() + 60_000_000_000L;
            int requests = 0;
            while (served.size() < 3 && System.nanoTime() < deadline) {
                // No retry: while a recycled worker's successor boots, the shared listener queues the connection.
                Http.Response response = Http.get(server.port(), "/pid");
                assertEquals(200, response.status());
                served.add(Long.parseLong(response.body()));
                requests++;
            }
            assertTrue(served.size() >= 3, "three workers in turn served " + requests + " requests: " + served);
            server.awaitLog("Autorestarting worker after current request", Duration.ofSeconds(5));
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }
}
