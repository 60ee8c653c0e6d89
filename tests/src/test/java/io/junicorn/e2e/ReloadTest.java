package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HUP under continuous load: a new generation replaces every worker and not one request fails. */
class ReloadTest {

    @Test
    void hupUnderLoadFailsNothing() throws Exception {
        for (String workerClass : List.of("sync", "gthread", "virtual", "nio")) {
            try (Junicorn server = Junicorn.hello("-w", "2", "-k", workerClass)) {
                List<Long> before = server.awaitServingWorkers(2, Duration.ofSeconds(30));
                Load load = new Load(server.port(), 4);
                try (load) {
                    Junicorn.await("traffic", Duration.ofSeconds(10), () -> load.ok() > 50);
                    server.signal("HUP");
                    server.awaitLog("Generation 2 is ready", Duration.ofSeconds(30));
                    Junicorn.await("old generation gone", Duration.ofSeconds(40), () -> {
                        List<Long> now = server.workerPids();
                        return now.size() == 2 && Collections.disjoint(now, before);
                    });
                    int served = load.ok();
                    Junicorn.await("traffic after the reload", Duration.ofSeconds(10), () -> load.ok() > served + 50);
                }
                assertEquals(List.of(), load.failures(), workerClass + ": failed requests during HUP");
                List<Long> after = server.awaitServingWorkers(2, Duration.ofSeconds(10));
                assertTrue(Collections.disjoint(before, after), "every worker pid was replaced");
                server.signal("TERM");
                assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
                server.assertNoUnexpectedErrors();
            }
        }
    }
}
