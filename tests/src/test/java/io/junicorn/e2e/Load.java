package io.junicorn.e2e;

import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Continuous GET /pid traffic from a few client threads until stopped or a request budget is spent: one
 * connection per request, or kept-alive connections as proxies and client libraries keep them (a new
 * connection only once the server said {@code Connection: close}). Like wrk, it never retries: a kept-alive
 * connection closed under a request is a failure. Records every failure and the worker pids that answered.
 */
final class Load implements AutoCloseable {
    private static final int MAX_REQUESTS = 200_000;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Set<Long> pids = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();

    /** One connection per request. */
    Load(int port, int clients) {
        this(port, clients, false);
    }

    /** Kept-alive connections, each used until the server closes it. */
    static Load keptAlive(int port, int clients) {
        return new Load(port, clients, true);
    }

    private Load(int port, int clients, boolean keepAlive) {
        for (int i = 0; i < clients; i++) {
            Runnable client = keepAlive ? () -> keptAliveClient(port) : () -> closingClient(port);
            threads.add(Thread.ofPlatform().name((keepAlive ? "kept-alive-load-" : "load-") + i).start(client));
        }
    }

    private boolean more() {
        return running.get() && ok.get() + failures.size() < MAX_REQUESTS;
    }

    private void closingClient(int port) {
        while (more()) {
            try {
                record(Http.get(port, "/pid"));
            } catch (Exception e) {
                failures.add(e.toString());
            }
        }
    }

    private void keptAliveClient(int port) {
        while (more()) {
            try (Socket socket = Http.connect(port)) {
                boolean open = true;
                while (open && more()) {
                    Http.send(socket, "GET /pid HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                    Http.Response response = Http.read(socket.getInputStream());
                    record(response);
                    open = !response.head().toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
                }
            } catch (Exception e) {
                failures.add("kept-alive: " + e);
            }
        }
    }

    private void record(Http.Response response) {
        if (response.status() == 200) {
            pids.add(Long.parseLong(response.body()));
            ok.incrementAndGet();
        } else {
            failures.add("status " + response.status());
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
