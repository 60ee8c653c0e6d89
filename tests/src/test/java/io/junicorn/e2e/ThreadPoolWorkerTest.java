package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gthread worker: chosen by --threads above 1 (gunicorn's rule), keep-alive over TCP and unix sockets,
 * pipelining in order, a head sent in pieces, --threads requests at once, --keep-alive, TERM closing idle
 * connections, and the --worker-connections cap.
 */
class ThreadPoolWorkerTest {
    private static final int THREADS = 4;

    @Test
    void servesLikeGunicornsGthread() throws Exception {
        Path unix = Path.of("/tmp/junicorn-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".sock");
        try (Junicorn server = Junicorn.hello("-w", "1", "--threads", String.valueOf(THREADS), "-b", "unix:" + unix,
                "--keep-alive", "1", "--graceful-timeout", "30")) {
            server.awaitLog("Using worker: gthread", Duration.ofSeconds(10));
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            int port = server.port();

            keepAliveOverTcp(port);
            keepAliveOverUnix(unix);
            pipelinedRequestsAnswerInOrder(port);
            headInPieces(port);
            threadsServeAtOnce(port);
            idleConnectionEndsAfterKeepAlive(port);

            try (Socket idle = Http.connect(port)) {
                Http.send(idle, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(200, Http.read(idle.getInputStream()).status());
                long start = System.nanoTime();
                server.signal("TERM");
                assertEquals(-1, idle.getInputStream().read(), "TERM closes an idle keep-alive connection");
                assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
                // held by the idle connection, the stop would last the whole --graceful-timeout (30 s); 20 s leaves
                // a loaded machine room for the JVMs to exit and still tells the two apart
                assertTrue(System.nanoTime() - start < 20_000_000_000L, "an idle connection does not hold the stop");
            }
            server.assertNoUnexpectedErrors();
        } finally {
            Files.deleteIfExists(unix);
        }
    }

    /** At --worker-connections open connections, a further client waits in the listen queue until one closes. */
    @Test
    void workerConnectionsCapsOpenConnections() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", "gthread", "--worker-connections", "2",
                "--keep-alive", "60")) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            int port = server.port();
            try (Socket first = Http.connect(port); Socket second = Http.connect(port); Socket third = Http.connect(port)) {
                for (Socket idle : List.of(first, second)) {
                    Http.send(idle, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertKeptAlive(Http.read(idle.getInputStream()));
                }
                Http.send(third, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                third.setSoTimeout(1_000);
                assertThrows(SocketTimeoutException.class, () -> third.getInputStream().read(),
                        "a third connection is not served while two are open");
                third.setSoTimeout(Http.TIMEOUT_MILLIS);
                first.close();
                assertKeptAlive(Http.read(third.getInputStream()));
            }
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }

    private static void keepAliveOverTcp(int port) throws Exception {
        try (Socket socket = Http.connect(port)) {
            for (int i = 0; i < 3; i++) {
                Http.send(socket, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                assertKeptAlive(Http.read(socket.getInputStream()));
            }
        }
    }

    private static void keepAliveOverUnix(Path unix) throws Exception {
        try (SocketChannel channel = Http.connectUnix(unix)) {
            InputStream in = Channels.newInputStream(channel);
            for (int i = 0; i < 3; i++) {
                Http.send(channel, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                assertKeptAlive(Http.read(in));
            }
        }
    }

    private static void pipelinedRequestsAnswerInOrder(int port) throws Exception {
        try (Socket socket = Http.connect(port)) {
            Http.send(socket, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /pid HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /sleep?s=0.1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            InputStream in = socket.getInputStream();
            assertEquals("Hello, World!", Http.read(in).body());
            assertTrue(Http.read(in).body().matches("\\d+"), "second: /pid");
            assertEquals("slept 100 ms", Http.read(in).body());
            assertEquals(-1, in.read(), "closed after the last one");
        }
    }

    /** Each piece is read by the worker before the next is sent, so the connection waits mid-head. */
    private static void headInPieces(int port) throws Exception {
        try (Socket socket = Http.connect(port)) {
            for (String piece : List.of("GET /plain", "text HTTP/1.1\r\nHo", "st: x\r\n")) {
                Http.send(socket, piece);
                Tcp.awaitServerRead(socket, Duration.ofSeconds(10));
            }
            Http.send(socket, "\r\n");
            assertKeptAlive(Http.read(socket.getInputStream()));
        }
    }

    private static void idleConnectionEndsAfterKeepAlive(int port) throws Exception {
        try (Socket socket = Http.connect(port)) {
            Http.send(socket, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertKeptAlive(Http.read(socket.getInputStream()));
            long start = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "closed by the server");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            // not before the keep-alive second (less a timer's slack); the upper bound only has to tell --keep-alive
            // from the 30 s read deadline, so a loaded machine gets 20 s
            assertTrue(elapsedMillis > 800 && elapsedMillis < 20_000, "--keep-alive 1 closed after " + elapsedMillis + " ms");
        }
    }

    /**
     * THREADS requests of SLEEP_SECONDS each all run at once: they end before two rounds of sleeps could, since
     * requests served any fewer at a time would need at least 2 × SLEEP_SECONDS. The slack (one whole sleep) is
     * the margin a loaded machine gets; it is not a guess about how fast the machine is.
     */
    private static void threadsServeAtOnce(int port) throws Exception {
        final int sleepSeconds = 3;
        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        try {
            long start = System.nanoTime();
            List<Future<Http.Response>> responses = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                responses.add(clients.submit(() -> Http.get(port, "/sleep?s=" + sleepSeconds)));
            }
            for (Future<Http.Response> response : responses) {
                assertEquals("slept " + sleepSeconds * 1000 + " ms", response.get().body());
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis < 2 * sleepSeconds * 1000, THREADS + " requests of " + sleepSeconds + " s took "
                    + elapsedMillis + " ms: not all at once");
        } finally {
            clients.shutdownNow();
        }
    }

    private static void assertKeptAlive(Http.Response response) {
        assertEquals(200, response.status(), response.head());
        assertEquals("Hello, World!", response.body());
        assertFalse(response.head().toLowerCase().contains("connection: close"), response.head());
    }
}
