package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HUP under HTTP/2 load: the retiring workers send GOAWAY with the last stream they serve, finish those, and
 * close; a client retries only what RFC 9113 §6.8 says was not processed (streams above the GOAWAY's last
 * stream id, and REFUSED_STREAM), on a new connection. No stream may fail otherwise.
 */
class Http2ReloadTest {

    @Test
    void hupUnderH2LoadFailsNoStream() throws Exception {
        for (String workerClass : List.of("nio", "virtual")) {
            try (Junicorn server = Junicorn.hello("-w", "2", "-k", workerClass)) {
                List<Long> before = server.awaitServingWorkers(2, Duration.ofSeconds(30));
                try (H2Load load = new H2Load(server.port(), 4)) {
                    Junicorn.await("h2 traffic", Duration.ofSeconds(10), () -> load.ok.get() > 200);
                    server.signal("HUP");
                    server.awaitLog("Generation 2 is ready", Duration.ofSeconds(30));
                    Junicorn.await("old generation gone", Duration.ofSeconds(40), () -> {
                        List<Long> now = server.workerPids();
                        return now.size() == 2 && Collections.disjoint(now, before);
                    });
                    int served = load.ok.get();
                    Junicorn.await("h2 traffic after the reload", Duration.ofSeconds(10), () -> load.ok.get() > served + 200);
                    load.stop();
                    assertEquals(List.of(), load.failures, workerClass + ": failed streams during HUP");
                    assertTrue(load.goAways.get() > 0, workerClass + ": the retiring workers sent GOAWAY");
                }
                server.stopCleanly();
            }
        }
    }

    /** Clients that each keep one HTTP/2 connection busy with 10 concurrent streams, retrying as §6.8 allows. */
    private static final class H2Load implements AutoCloseable {
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger goAways = new AtomicInteger();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        H2Load(int port, int clients) {
            for (int i = 0; i < clients; i++) {
                threads.add(Thread.ofPlatform().name("h2-load-" + i).start(() -> client(port)));
            }
        }

        private void client(int port) {
            int retry = 0;
            while (running.get()) {
                try (H2Client c = new H2Client(port, 30_000).start()) {
                    while (running.get()) {
                        List<Integer> ids = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            ids.add(c.get("/pid"));
                        }
                        Map<Integer, H2Client.Response> responses = c.responses(ids);
                        H2Client.GoAway goAway = c.goAway();
                        for (int id : ids) {
                            H2Client.Response r = responses.get(id);
                            if (r != null && r.status() == 200) {
                                ok.incrementAndGet();
                            } else if (r != null && H2Client.describe(r.resetCode()).equals("REFUSED_STREAM")) {
                                retry++; // not processed: retried on the next round
                            } else if (r == null && goAway != null && id > goAway.lastStreamId()) {
                                retry++; // above the GOAWAY's last stream: not processed (RFC 9113 §6.8)
                            } else {
                                failures.add("stream " + id + ": " + r + ", GOAWAY " + goAway);
                            }
                        }
                        if (goAway != null || responses.size() < ids.size()) {
                            goAways.incrementAndGet();
                            break; // a new connection for what follows
                        }
                    }
                } catch (Exception e) {
                    if (running.get()) {
                        failures.add(e.toString());
                    }
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(40_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
