package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/** Workers follow a master that died without stopping them (kill -9): they exit on their own within seconds. */
class ParentDeathTest {

    @Test
    void workersExitWhenTheMasterIsGone() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "2", "-k", "virtual")) {
            List<Long> workers = server.awaitServingWorkers(2, Duration.ofSeconds(30));
            Junicorn.signal(server.pid(), "KILL");
            for (long pid : workers) {
                Junicorn.await("worker " + pid + " to exit", Duration.ofSeconds(10),
                        () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
            }
            server.awaitLog("Parent changed, shutting down", Duration.ofSeconds(5));
        }
    }
}
