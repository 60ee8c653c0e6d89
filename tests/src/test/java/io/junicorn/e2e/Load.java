package io.junicorn.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Continuous GET /pid traffic from a few client threads, one connection per request, until stopped or a
 * request budget is spent. Records every failure and the worker pids that answered.
 */
final class Load implements AutoCloseable {
    private static final int MAX_REQUESTS = 200_000;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Set<Long> pids = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();

    Load(int port, int clients) {
        for (int i = 0; i < clients; i++) {
            Thread thread = Thread.ofPlatform().name("load-" + i).start(() -> {
                while (running.get() && ok.get() + failures.size() < MAX_REQUESTS) {
                    try {
                        Http.Response response = Http.get(port, "/pid");
                        if (response.status() == 200) {
                            pids.add(Long.parseLong(response.body()));
                            ok.incrementAndGet();
                        } else {
                            failures.add("status " + response.status());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            });
            threads.add(thread);
        }
    }

    int ok() {
        return ok.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    Set<Long> pids() {
        return Set.copyOf(pids);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Http.TIMEOUT_MILLIS + 5_000);
        }
    }
}
