package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -k nio} with an {@code io.junicorn.app.NonBlockingHandler} (apps.OnLoop): the requests it answers
 * without blocking and that wait for no input run on the event loop; those it says block, those whose body
 * is still on its way, those expecting 100-continue and every request under --request-timeout run on a
 * virtual thread. One loop (-XX:ActiveProcessorCount=1), so a request that blocked it would hold every
 * other connection.
 */
class NioOnLoopTest {
    private static final String APP = "io.junicorn.e2e.apps.OnLoop";
    private static final String LOOP = "thread=junicorn-loop-";
    private static final String REQUEST_THREAD = "thread=junicorn-request-";

    @Test
    void runsWhatCannotBlockOnTheLoopAndTheRestOnVirtualThreads() throws Exception {
        try (Junicorn server = start()) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            int port = server.port();
            try (Socket socket = Http.connect(port)) {
                assertAnswer(socket, "GET /thread HTTP/1.1\r\nHost: x\r\n\r\n", LOOP, "body=0");
                assertAnswer(socket, "GET /blocking/thread HTTP/1.1\r\nHost: x\r\n\r\n", REQUEST_THREAD, "body=0");
                assertAnswer(socket, "POST /thread HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", LOOP, "body=5");
                assertAnswer(socket, "POST /thread HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n0\r\n\r\n", REQUEST_THREAD, "body=5");

                Http.send(socket, "POST /thread HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
                Tcp.awaitServerRead(socket, Duration.ofSeconds(10));
                Http.send(socket, "defghij");
                assertBody(Http.read(socket.getInputStream()), REQUEST_THREAD, "body=10");

                Http.send(socket, "POST /thread HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
                InputStream in = socket.getInputStream();
                assertEquals(100, readHead(in).status(), "100 Continue once the handler reads the body");
                Http.send(socket, "abc");
                assertBody(Http.read(in), REQUEST_THREAD, "body=3");

                assertAnswer(socket, "GET /thread HTTP/1.1\r\nHost: x\r\n\r\n", LOOP, "body=0");
            }
            server.stopCleanly();
        }
    }

    /**
     * 40 pipelined requests, every fifth one blocking, sent at once: answered in order; those before the first
     * blocking one on the loop, each blocking one on a request thread (which also serves the requests buffered
     * behind it, so that answers keep their order).
     */
    @Test
    void pipelinedRequestsMixingLoopAndThreadsStayInOrder() throws Exception {
        try (Junicorn server = start()) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            try (Socket socket = Http.connect(server.port())) {
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < 40; i++) {
                    String path = i % 5 == 4 ? "/blocking/thread" : "/thread";
                    batch.append("POST ").append(path).append(" HTTP/1.1\r\nHost: x\r\nContent-Length: ")
                            .append(Integer.toString(i).length()).append("\r\n\r\n").append(i);
                }
                Http.send(socket, batch.toString());
                InputStream in = socket.getInputStream();
                for (int i = 0; i < 40; i++) {
                    Http.Response response = Http.read(in);
                    String thread = i < 4 ? LOOP : i % 5 == 4 ? REQUEST_THREAD : "thread=junicorn-";
                    assertBody(response, thread, "body=" + Integer.toString(i).length());
                }
            }
            server.stopCleanly();
        }
    }

    /**
     * While a blocking request sleeps on its virtual thread and a 8 MiB answer made on the loop waits for a
     * client that does not read, the one loop still answers other connections.
     */
    @Test
    void theLoopKeepsServingWhileOthersWait() throws Exception {
        try (Junicorn server = start()) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            int port = server.port();
            try (Socket sleeper = Http.connect(port); Socket bigReader = Http.connect(port)) {
                // the order is the proof, not the clock: the 20 requests below are all answered while the sleeper
                // still waits, which a loop held by it (or by the unread response) could not do. 10 s is long
                // enough for 20 requests on a loaded machine.
                Http.send(sleeper, "GET /blocking/sleep?ms=10000 HTTP/1.1\r\nHost: x\r\n\r\n");
                Http.send(bigReader, "GET /big?kib=8192 HTTP/1.1\r\nHost: x\r\n\r\n");
                Tcp.awaitServerRead(sleeper, Duration.ofSeconds(10));
                Tcp.awaitServerRead(bigReader, Duration.ofSeconds(10));
                List<Socket> others = new ArrayList<>();
                try {
                    for (int i = 0; i < 20; i++) {
                        Socket other = Http.connect(port);
                        others.add(other);
                        assertAnswer(other, "GET /thread HTTP/1.1\r\nHost: x\r\n\r\n", LOOP, "body=0");
                    }
                } finally {
                    for (Socket other : others) {
                        other.close();
                    }
                }
                assertFalse(sleeper.getInputStream().available() > 0, "the sleeper is not answered yet");

                InputStream in = bigReader.getInputStream();
                Http.Response head = readHead(in);
                assertEquals(200, head.status());
                byte[] body = in.readNBytes(8192 * 1024);
                assertEquals(8192 * 1024, body.length);
                for (int i = 0; i < body.length; i++) {
                    if (body[i] != (byte) (i % 251)) {
                        throw new AssertionError("byte " + i + " is " + body[i]);
                    }
                }
                assertEquals("slept", Http.read(sleeper.getInputStream()).body());
            }
            server.stopCleanly();
        }
    }

    /**
     * An AsyncHandler that is a NonBlockingHandler: handleAsync starts on the loop; an answer made later on a
     * timer thread holds neither the loop (another connection is served meanwhile) nor a thread, the
     * connection goes on after it, pipelined requests behind it keep their order, and a stage that fails
     * before answering gets a 500.
     */
    @Test
    void anAsynchronousApplicationStartsOnTheLoopAndFinishesLater() throws Exception {
        try (Junicorn server = startApp("io.junicorn.e2e.apps.AsyncOnLoop")) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            int port = server.port();
            try (Socket waiting = Http.connect(port); Socket other = Http.connect(port)) {
                // as above, the order is the proof: 10 answers on the other connection before the later one
                Http.send(waiting, "GET /later?ms=10000 HTTP/1.1\r\nHost: x\r\n\r\n");
                Tcp.awaitServerRead(waiting, Duration.ofSeconds(10));
                for (int i = 0; i < 10; i++) {
                    Http.send(other, "GET /now HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertEquals(200, Http.read(other.getInputStream()).status());
                }
                assertEquals(0, waiting.getInputStream().available(), "the later answer is not there yet");
                assertStartedOnLoop(Http.read(waiting.getInputStream()));

                Http.send(waiting, "GET /now HTTP/1.1\r\nHost: x\r\n\r\n");
                assertStartedOnLoop(Http.read(waiting.getInputStream()));

                Http.send(waiting, "GET /later?ms=200 HTTP/1.1\r\nHost: x\r\n\r\nGET /now?second HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /blocking/sleep?ms=1 HTTP/1.1\r\nHost: x\r\n\r\n");
                InputStream in = waiting.getInputStream();
                assertStartedOnLoop(Http.read(in));
                assertStartedOnLoop(Http.read(in));
                Http.Response blocking = Http.read(in);
                assertTrue(blocking.body().startsWith("started=junicorn-request-"), blocking.body());

                Http.send(waiting, "GET /fail?ms=100 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(500, Http.read(in).status());
            }
            server.stopCleanly("failed on purpose", "handler failed on GET /fail");
        }
    }

    private static void assertStartedOnLoop(Http.Response response) {
        assertEquals(200, response.status(), response.head());
        assertTrue(response.body().startsWith("started=junicorn-loop-"), response.body());
    }

    /** A handler that breaks its promise and sleeps on the loop is named in the log while it holds the loop. */
    @Test
    void aLoopHeldByAHandlerIsReportedWithItsStack() throws Exception {
        try (Junicorn server = start()) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            try (Socket socket = Http.connect(server.port())) {
                Http.send(socket, "GET /stall?ms=5000 HTTP/1.1\r\nHost: x\r\n\r\n");
                server.awaitLog("Event loop junicorn-loop-0 has not come back for", Duration.ofSeconds(15));
                assertTrue(server.log().contains("at io.junicorn.e2e.apps.OnLoop.handle"), server.log());
                assertEquals("slept", Http.read(socket.getInputStream()).body());
            }
            server.stopCleanly();
        }
    }

    /** The request timeout's watchdog interrupts the request's thread: never the loop, so nothing runs there. */
    @Test
    void nothingRunsOnTheLoopWithARequestTimeout() throws Exception {
        try (Junicorn server = start("--request-timeout", "30")) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            try (Socket socket = Http.connect(server.port())) {
                assertAnswer(socket, "GET /thread HTTP/1.1\r\nHost: x\r\n\r\n", REQUEST_THREAD, "body=0");
            }
            server.stopCleanly();
        }
    }

    private static void assertAnswer(Socket socket, String request, String thread, String body) throws IOException {
        Http.send(socket, request);
        assertBody(Http.read(socket.getInputStream()), thread, body);
    }

    private static void assertBody(Http.Response response, String thread, String body) {
        assertEquals(200, response.status(), response.head());
        assertTrue(response.body().startsWith(thread) && response.body().endsWith(" " + body),
                "expected " + thread + "N " + body + ", got " + response.body());
    }

    /** The head only: the body is left in the stream. */
    private static Http.Response readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before a complete head: " + head);
            }
            head.append((char) b);
        }
        return new Http.Response(Integer.parseInt(head.substring(9, 12)), head.toString(), "");
    }

    private static Junicorn start(String... extra) throws Exception {
        return startApp(APP, extra);
    }

    private static Junicorn startApp(String app, String... extra) throws Exception {
        String classes = Path.of(NioOnLoopTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> args = new ArrayList<>(List.of("-w", "1", "-k", "nio", "-b", "127.0.0.1:0", "--class-path", classes,
                "--jvm-opt=-XX:ActiveProcessorCount=1"));
        args.addAll(List.of(extra));
        args.add(app);
        return Junicorn.start(args);
    }
}
