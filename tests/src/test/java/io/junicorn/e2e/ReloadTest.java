package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reloads and retirements under continuous load, from clients that open a connection per request and from
 * clients that keep theirs alive: a new generation replaces every worker and not one request fails.
 */
class ReloadTest {

    @Test
    void hupUnderLoadFailsNothing() throws Exception {
        for (String workerClass : List.of("sync", "gthread", "virtual", "nio")) {
            try (Junicorn server = Junicorn.hello("-w", "2", "-k", workerClass)) {
                List<Long> before = server.awaitServingWorkers(2, Duration.ofSeconds(30));
                Load load = new Load(server.port(), 3);
                Load keptAlive = Load.keptAlive(server.port(), 3);
                try (load; keptAlive) {
                    Junicorn.await("kept-alive traffic", Duration.ofSeconds(10), () -> keptAlive.ok() > 50);
                    Junicorn.await("traffic", Duration.ofSeconds(10), () -> load.ok() > 50);
                    server.signal("HUP");
                    server.awaitLog("Generation 2 is ready", Duration.ofSeconds(30));
                    Junicorn.await("old generation gone", Duration.ofSeconds(40), () -> {
                        List<Long> now = server.workerPids();
                        return now.size() == 2 && Collections.disjoint(now, before);
                    });
                    int served = load.ok();
                    int servedKeptAlive = keptAlive.ok();
                    Junicorn.await("traffic after the reload", Duration.ofSeconds(10),
                            () -> load.ok() > served + 50 && keptAlive.ok() > servedKeptAlive + 50);
                }
                assertEquals(List.of(), load.failures(), workerClass + ": failed requests during HUP");
                assertEquals(List.of(), keptAlive.failures(), workerClass + ": failed kept-alive requests during HUP");
                List<Long> after = server.awaitServingWorkers(2, Duration.ofSeconds(10));
                assertTrue(Collections.disjoint(before, after), "every worker pid was replaced");
                server.signal("TERM");
                assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
                server.assertNoUnexpectedErrors();
            }
        }
    }

    @Test
    void retiringWorkersFailNoKeptAliveRequest() throws Exception {
        for (String workerClass : List.of("gthread", "virtual", "nio")) {
            try (Junicorn server = Junicorn.hello("-w", "2", "-k", workerClass, "--max-requests", "300")) {
                List<Long> before = server.awaitServingWorkers(2, Duration.ofSeconds(30));
                Load keptAlive = Load.keptAlive(server.port(), 4);
                try (keptAlive) {
                    // max-requests retires workers throughout; TTOU retires one more
                    Junicorn.await("a worker recycled after 300 requests", Duration.ofSeconds(60),
                            () -> !server.workerPids().containsAll(before));
                    server.signal("TTOU");
                    Junicorn.await("one worker left", Duration.ofSeconds(40), () -> server.workerPids().size() == 1);
                    int served = keptAlive.ok();
                    Junicorn.await("traffic after the retirements", Duration.ofSeconds(20), () -> keptAlive.ok() > served + 400);
                }
                assertEquals(List.of(), keptAlive.failures(), workerClass + ": failed kept-alive requests");
                server.stopCleanly();
            }
        }
    }
}
