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
 * Continuous GET /pid (or another path) traffic from a few client threads until stopped or a request budget is
 * spent: one connection per request, or kept-alive connections as proxies and client libraries keep them (a new
 * connection only once the server said {@code Connection: close}). Like wrk, it never retries: a kept-alive
 * connection closed under a request is a failure. Records every failure and, for /pid, the worker pids that answered.
 */
final class Load implements AutoCloseable {
    private static final int MAX_REQUESTS = 200_000;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Set<Long> pids = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final String path;

    /** One connection per request. */
    Load(int port, int clients) {
        this(port, clients, false, "/pid");
    }

    /** Kept-alive connections, each used until the server closes it. */
    static Load keptAlive(int port, int clients) {
        return keptAlive(port, clients, "/pid");
    }

    /** Kept-alive connections to {@code path}, of an application without /pid: any 200 counts. */
    static Load keptAlive(int port, int clients, String path) {
        return new Load(port, clients, true, path);
    }

    private Load(int port, int clients, boolean keepAlive, String path) {
        this.path = path;
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
                record(Http.get(port, path));
            } catch (Exception e) {
                failures.add(e.toString());
            }
        }
    }

    private void keptAliveClient(int port) {
        while (more()) {
            int served = 0;
            try (Socket socket = Http.connect(port)) {
                boolean open = true;
                while (open && more()) {
                    Http.send(socket, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                    Http.Response response = Http.readKeptAlive(socket.getInputStream());
                    record(response);
                    served++;
                    open = !response.head().toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
                }
            } catch (Exception e) {
                // when and where, to be matched with the server's log
                failures.add("kept-alive: " + e + " at " + java.time.LocalTime.now() + " after " + served
                        + " answers on the connection");
            }
        }
    }

    private void record(Http.Response response) {
        if (response.status() == 200) {
            if (path.equals("/pid")) {
                pids.add(Long.parseLong(response.body()));
            }
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
