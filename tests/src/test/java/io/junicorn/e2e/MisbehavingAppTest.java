package io.junicorn.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application that hurts the worker it runs in (apps/Misbehaving), and clients that leave: the request
 * at fault gets a defined answer, the other requests finish, the worker is replaced when it must be, the
 * master never dies, and the log says what happened once, without noise for what is ordinary.
 */
class MisbehavingAppTest {
    private static final String APP = "io.junicorn.e2e.apps.Misbehaving";

    private static String testClasses() throws Exception {
        return Path.of(MisbehavingAppTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static Junicorn start(String... extra) throws Exception {
        return start(List.of(), extra);
    }

    private static Junicorn start(List<String> wrapper, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-b", "127.0.0.1:0", "--class-path", testClasses()));
        args.addAll(List.of(extra));
        args.add(APP);
        return Junicorn.start(wrapper, args, Map.of());
    }

    private static long pid(Junicorn server) throws IOException {
        return Long.parseLong(Http.get(server.port(), "/pid").body());
    }

    @Test
    void outOfMemoryIsAnswered500AndRetiresTheWorkerOnceItsOtherRequestsFinish() throws Exception {
        try (Junicorn server = start("-w", "1", "-k", "virtual", "--worker-heap", "64m")) {
            long worker = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            CompletableFuture<Http.Response> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return Http.get(server.port(), "/slow?ms=3000");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            server.awaitLog("slow request started", Duration.ofSeconds(10));
            assertEquals(500, Http.get(server.port(), "/oom").status());
            Http.Response slow = inFlight.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, slow.status());
            assertEquals("slow " + worker, slow.body(), "the request in flight finished on the retiring worker");
            server.awaitLog("Worker retiring after java.lang.OutOfMemoryError", Duration.ofSeconds(10));
            Junicorn.await("a new worker", Duration.ofSeconds(30), () -> {
                List<Long> now = server.workerPids();
                return now.size() == 1 && !now.contains(worker);
            });
            assertNotEquals(worker, pid(server));
            server.stopCleanly("handler failed on GET /oom");
        }
    }

    @Test
    void stackOverflowIsAnOrdinaryFailure() throws Exception {
        try (Junicorn server = start("-w", "1", "-k", "virtual")) {
            long worker = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            assertEquals(500, Http.get(server.port(), "/deep").status());
            assertEquals(worker, pid(server), "the same worker serves on");
            server.stopCleanly("handler failed on GET /deep");
            assertEquals(1, count(server.log(), "StackOverflowError"), "one report of the error: " + server.log());
        }
    }

    @Test
    void systemExitInARequestReplacesTheWorkerAndSaysWhoCalledIt() throws Exception {
        try (Junicorn server = start("-w", "1", "-k", "virtual")) {
            long worker = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            assertThrows(IOException.class, () -> Http.get(server.port(), "/exit?status=3"));
            server.awaitLog("(?s)The application called Runtime.exit\\(3\\).*?at io\\.junicorn\\.e2e\\.apps\\.Misbehaving\\.handle",
                    Duration.ofSeconds(10));
            server.awaitLog("Worker \\(pid:" + worker + "\\) exited with code 3", Duration.ofSeconds(10));
            List<Long> replaced = server.awaitServingWorkers(1, Duration.ofSeconds(30));
            assertTrue(server.alive(), "the master stays up");
            assertNotEquals(worker, replaced.get(0));
            assertEquals(replaced.get(0), pid(server));
            server.stopCleanly("The application called Runtime.exit", "exited with code 3");
        }
    }

    @Test
    void anApplicationThatLeaksEveryDescriptorGetsItsWorkerReplaced() throws Exception {
        // a low limit, so the leak is quick: the master keeps the limit it is given and workers inherit it
        try (Junicorn server = start(List.of("prlimit", "--nofile=1500:1500", "--"), "-w", "1", "-k", "virtual",
                "--worker-connections", "100")) {
            long worker = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            assertTrue(Http.get(server.port(), "/leak-fds").body().startsWith("leaked "));
            // the leaking worker cannot accept any more: it retires, and the connections wait for its successor
            Junicorn.await("a request served by a new worker", Duration.ofSeconds(60), () -> {
                try {
                    return pid(server) != worker;
                } catch (IOException e) {
                    return false; // accepted just before the worker found it could not serve it
                }
            });
            server.awaitLog("Worker cannot accept: Too many open files; retiring", Duration.ofSeconds(5));
            assertTrue(server.alive(), "the master stays up");
            // a connection caught by the exhaustion is logged with its cause, which may be the JDK's own: with no
            // descriptor left, the virtual-thread poller's first use fails its class initialisation
            server.stopCleanly("Worker cannot accept", "unexpected failure serving a connection",
                    "Too many open files", "java.lang.ExceptionInInitializerError");
        }
    }

    @Test
    void aResponseHeaderWithALineBreakIsRefusedAndTheWorkerGoesOn() throws Exception {
        try (Junicorn server = start("-w", "1", "-k", "virtual")) {
            long worker = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            Http.Response refused = Http.get(server.port(), "/crlf");
            assertEquals(500, refused.status());
            assertTrue(!refused.head().contains("X-Injected"), refused.head());
            assertEquals(worker, pid(server));
            server.stopCleanly("response head refused for GET /crlf");
            assertEquals(1, count(server.log(), "X-split"), "one report of the refused head: " + server.log());
        }
    }

    @Test
    void aResponseShorterThanItsContentLengthIsCutAndTheWorkerGoesOn() throws Exception {
        try (Junicorn server = start("-w", "1", "-k", "virtual"); Socket socket = Http.connect(server.port())) {
            long worker = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            Http.send(socket, "GET /short HTTP/1.1\r\nHost: x\r\n\r\n");
            byte[] all = socket.getInputStream().readAllBytes(); // the server closes: the client sees the truncation
            String text = new String(all, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 200 ") && text.contains("Content-Length: 100"), text);
            assertTrue(text.endsWith("\r\n\r\nonly 10 b\n"), text);
            server.awaitLog("response to GET /short ended 90 bytes short of its Content-Length", Duration.ofSeconds(5));
            assertEquals(worker, pid(server));
            server.stopCleanly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "gthread", "nio"})
    void clientsLeavingMidResponseAreQuietLoggedWithTheirBytesAndCounted(String workerClass) throws Exception {
        Path dir = Files.createTempDirectory("junicorn-aborts");
        Path accessLog = dir.resolve("access.log");
        try (Junicorn server = start("-w", "1", "-k", workerClass, "--access-logfile", accessLog.toString(),
                "--metrics-bind", "127.0.0.1:0")) {
            int metricsPort = Integer.parseInt(server.awaitLog("Metrics at: http://127\\.0\\.0\\.1:(\\d+)/metrics",
                    Duration.ofSeconds(30)).group(1));
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            for (String path : List.of("/big?mib=64", "/big-chunked?mib=64")) {
                for (boolean reset : List.of(false, true)) {
                    try (Socket socket = Http.connect(server.port())) {
                        Http.send(socket, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                        InputStream in = socket.getInputStream();
                        assertEquals(256 * 1024, in.readNBytes(256 * 1024).length);
                        if (reset) {
                            socket.setSoLinger(true, 0); // the close sends RST
                        }
                    }
                }
            }
            Junicorn.await("4 client aborts counted", Duration.ofSeconds(20), () -> {
                try {
                    Matcher m = Pattern.compile("(?m)^junicorn_client_aborts_total (\\d+)")
                            .matcher(Http.get(metricsPort, "/metrics").body());
                    return m.find() && Long.parseLong(m.group(1)) == 4;
                } catch (IOException e) {
                    return false;
                }
            });
            assertEquals(200, Http.get(server.port(), "/pid").status());
            // the access log has a line for each request that was left, whatever the order its lines came in
            Junicorn.await("4 access log lines for /big", Duration.ofSeconds(10), () -> bigLines(accessLog).size() == 4);
            for (String line : bigLines(accessLog)) {
                Matcher m = Pattern.compile("\"GET /big[^\"]*\" 200 (\\d+) ").matcher(line);
                assertTrue(m.find(), line);
                long sent = Long.parseLong(m.group(1));
                assertTrue(sent >= 256 * 1024 && sent < 64L << 20, "bytes sent before the client left: " + line);
            }
            server.stopCleanly();
            List<String> noise = server.log().lines()
                    .filter(l -> l.contains("[WARN]") || l.contains("[ERROR]") || l.contains("\tat ")).toList();
            assertEquals(List.of(), noise, "a client leaving is ordinary");
        }
    }

    @Test
    void aFullDiskUnderTheAccessLogDoesNotStopRequests() throws Exception {
        Path mount = Files.createTempDirectory("junicorn-full-disk");
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String why = new String(mounting.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Assumptions.assumeTrue(mounting.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + why);
        try {
            Path accessLog = mount.resolve("access.log");
            try (Junicorn server = start("-w", "1", "-k", "virtual", "--access-logfile", accessLog.toString())) {
                server.awaitServingWorkers(1, Duration.ofSeconds(30));
                Files.write(mount.resolve("filler"), new byte[60 * 1024]); // what is left fills within a few requests
                for (int i = 0; i < 200; i++) {
                    assertEquals(200, Http.get(server.port(), "/pid").status(), "request " + i);
                }
                server.signal("TERM");
                assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aStoppedWorkerIsReplacedAfterTheTimeout() throws Exception {
        try (Junicorn server = start("-w", "1", "-k", "virtual", "-t", "2")) {
            long stopped = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            Junicorn.signal(stopped, "STOP");
            server.awaitLog("WORKER TIMEOUT \\(pid:" + stopped + "\\)", Duration.ofSeconds(20));
            List<Long> replaced = server.awaitServingWorkers(1, Duration.ofSeconds(30));
            assertNotEquals(stopped, replaced.get(0));
            assertEquals(replaced.get(0), pid(server));
            server.awaitLog("Worker \\(pid:" + stopped + "\\) did not exit after ABRT: sending SIGKILL", Duration.ofSeconds(10));
            server.stopCleanly("WORKER TIMEOUT", "did not exit after ABRT");
        }
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    private static List<String> bigLines(Path accessLog) {
        return lines(accessLog).stream().filter(line -> line.contains("\"GET /big")).toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
