package io.junicorn.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** --max-requests N (no jitter) recycles a worker after exactly N requests, not "eventually". */
class MaxRequestsTest {
    private static final int MAX_REQUESTS = 5;
    private static final int WORKERS_IN_TURN = 3;

    @ParameterizedTest
    @ValueSource(strings = {"sync", "nio"})
    void eachWorkerServesExactlyMaxRequests(String workerClass) throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", workerClass, "--max-requests",
                Integer.toString(MAX_REQUESTS), "--max-requests-jitter", "0")) {
            int port = server.port();
            List<Long> pids = new ArrayList<>();
            // No readiness probe first: it would be a request too. One connection per request, sent after the
            // previous answer, no retry: while a recycled worker's successor boots, the shared listener queues
            // the connection, so request N+1 waits for the next worker instead of failing.
            for (int i = 0; i < WORKERS_IN_TURN * MAX_REQUESTS + 1; i++) {
                Http.Response response = Http.get(port, "/pid");
                assertEquals(200, response.status(), response.head());
                pids.add(Long.parseLong(response.body()));
            }
            Set<Long> workers = new LinkedHashSet<>();
            for (int w = 0; w < WORKERS_IN_TURN; w++) {
                List<Long> turn = pids.subList(w * MAX_REQUESTS, (w + 1) * MAX_REQUESTS);
                assertEquals(1, Set.copyOf(turn).size(), "requests " + (w * MAX_REQUESTS + 1) + " to "
                        + (w + 1) * MAX_REQUESTS + " from one worker: " + pids);
                workers.add(turn.get(0));
            }
            workers.add(pids.get(pids.size() - 1));
            assertEquals(WORKERS_IN_TURN + 1, workers.size(), "a new worker after every " + MAX_REQUESTS
                    + " requests: " + pids);
            server.awaitLog("Autorestarting worker after current request", Duration.ofSeconds(5));
            server.stopCleanly();
        }
    }
}
