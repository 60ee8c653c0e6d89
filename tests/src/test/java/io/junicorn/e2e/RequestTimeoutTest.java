package io.junicorn.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --request-timeout: a request running longer gets 503 (or its connection cut once its response began), its
 * thread is interrupted and its stack logged; a thread that ignores the interrupt makes its worker retire.
 */
class RequestTimeoutTest {
    private static final Duration PROMPT = Duration.ofSeconds(5);

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "nio", "sync"})
    void slowRequestGets503AndTheWorkerServesOn(String workerClass) throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", workerClass, "--request-timeout", "1", "-t", "10")) {
            int port = server.port();
            long worker = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            try (Socket slow = Http.connect(port)) {
                long start = System.nanoTime();
                Http.send(slow, "GET /sleep?s=30 HTTP/1.1\r\nHost: x\r\n\r\n");
                if (!workerClass.equals("sync")) {
                    assertEquals(200, Http.get(port, "/").status(), "served while the slow request runs");
                }
                Http.Response response = Http.read(slow.getInputStream());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(503, response.status(), response.head());
                assertTrue(response.head().contains("\r\nConnection: close\r\n"), response.head());
                assertTrue(took.compareTo(Duration.ofMillis(900)) > 0 && took.compareTo(PROMPT) < 0, "503 after " + took);
                assertEquals(-1, slow.getInputStream().read(), "the connection ends after the 503");
            }
            server.awaitLog("(?s)Request timeout: GET /sleep\\?s=30 ran longer than 1000 ms; answered 503; interrupted"
                    + " \"[^\"]*\" at:\n.*?\tat \\S*io\\.junicorn\\.examples\\.Hello\\.sleep", PROMPT);
            // Hello answers an interrupt with a 503 of its own: it finds the response taken and unwinds
            server.awaitLog("handler of GET /sleep\\?s=30 ended after its request timed out", PROMPT);
            assertEquals(200, Http.get(port, "/").status());
            assertEquals(List.of(worker), server.workerPids(), "an interruptible request does not cost the worker");
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors("Request timeout", "ended after its request timed out");
        }
    }

    @Test
    void responseThatBeganIsCut() throws Exception {
        try (Junicorn server = stubborn("-w", "1")) {
            int port = server.port();
            try (Socket streaming = Http.connect(port)) {
                long start = System.nanoTime();
                Http.send(streaming, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
                String received = new String(streaming.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(received.startsWith("HTTP/1.1 200 "), received);
                assertTrue(received.contains("partial"), received);
                assertFalse(received.endsWith("0\r\n\r\n"), "no last-chunk: the client sees a truncated response\n" + received);
                assertTrue(took.compareTo(PROMPT) < 0, "cut after " + took);
            }
            server.awaitLog("Request timeout: GET /stream ran longer than 1000 ms; response had begun, connection closed",
                    PROMPT);
            assertEquals(200, Http.get(port, "/").status());
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors("Request timeout", "ended after its request timed out");
        }
    }

    @Test
    void threadIgnoringInterruptsRetiresItsWorkerAndNoOtherRequestFails() throws Exception {
        try (Junicorn server = stubborn("-w", "2", "--graceful-timeout", "3")) {
            int port = server.port();
            List<Long> before = server.awaitServingWorkers(2, Duration.ofSeconds(30));
            Traffic traffic = new Traffic(port);
            Thread.ofPlatform().name("traffic").start(traffic);
            try (Socket stuck = Http.connect(port)) {
                Http.send(stuck, "GET /ignore-interrupts HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(503, Http.read(stuck.getInputStream()).status());
            }
            long retiring = Long.parseLong(server.awaitLog(
                    "\\[(\\d+)\\] \\[INFO\\] Stuck request thread; retiring", Duration.ofSeconds(10)).group(1));
            assertTrue(before.contains(retiring), before + " " + retiring);
            Junicorn.await("worker " + retiring + " gone", Duration.ofSeconds(20),
                    () -> !server.workerPids().contains(retiring));
            List<Long> after = server.awaitServingWorkers(2, Duration.ofSeconds(30));
            assertFalse(after.contains(retiring));
            traffic.stop();
            assertTrue(traffic.failures.isEmpty(), "requests failed meanwhile: " + traffic.failures);
            assertTrue(traffic.served.get() > 0, "traffic was served meanwhile");
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors("Request timeout", "Request thread \"");
        }
    }

    private static Junicorn stubborn(String... extra) throws Exception {
        String classes = Path.of(RequestTimeoutTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> args = new java.util.ArrayList<>(List.of("-k", "virtual", "--request-timeout", "1",
                "-b", "127.0.0.1:0", "--class-path", classes));
        args.addAll(List.of(extra));
        args.add("io.junicorn.e2e.apps.Stubborn");
        return Junicorn.start(args);
    }

    /** Requests one after another, each on its own connection, until stopped; every answer must be 200. */
    private static final class Traffic implements Runnable {
        private final int port;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger served = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

        Traffic(int port) {
            this.port = port;
        }

        @Override
        public void run() {
            try {
                while (running.get()) {
                    try {
                        Http.Response response = Http.get(port, "/");
                        if (response.status() == 200) {
                            served.incrementAndGet();
                        } else {
                            failures.add(response.status() + " " + response.body());
                        }
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                }
            } finally {
                done.countDown();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            assertTrue(done.await(Http.TIMEOUT_MILLIS + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS));
        }
    }
}
