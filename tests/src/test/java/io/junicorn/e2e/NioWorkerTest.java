package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event-loop worker ({@code -k nio}) serving an AsyncHandler application (apps.AsyncStreams): keep-alive,
 * 16 pipelined requests answered in order, a chunked request body with trailers, a streamed response of
 * several MiB to a slow reader, 100-continue only when the body is read, a stage completed from another
 * thread, --worker-connections, --request-timeout waking a handler that waits for its body, and TERM with a
 * request in flight. SlowClientTest, ReloadTest,
 * RequestTimeoutTest and CorpusTest run -k nio too.
 */
class NioWorkerTest {
    private static final String APP = "io.junicorn.e2e.apps.AsyncStreams";

    @Test
    void servesAnAsyncApplicationOnEventLoops() throws Exception {
        try (Junicorn server = start("--keep-alive", "5")) {
            server.awaitLog("Using worker: nio", Duration.ofSeconds(10));
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            int port = server.port();

            keepAlive(port);
            sixteenPipelinedInOrder(port);
            chunkedBodyWithTrailers(port);
            largeResponseToASlowReader(port);
            continueOnlyWhenTheBodyIsRead(port);
            stageCompletedByAnotherThread(port);

            try (Socket inFlight = Http.connect(port); Socket idle = Http.connect(port)) {
                Http.send(idle, "GET /echo?tag=idle HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(200, Http.read(idle.getInputStream()).status());
                Http.send(inFlight, "GET /sleep?ms=1500 HTTP/1.1\r\nHost: x\r\n\r\n");
                Tcp.awaitServerRead(inFlight, Duration.ofSeconds(10)); // read by the loop, which dispatches at once
                server.signal("TERM");
                assertEquals(-1, idle.getInputStream().read(), "TERM closes an idle keep-alive connection");
                Http.Response response = Http.read(inFlight.getInputStream());
                assertEquals(200, response.status(), "the request in flight is finished");
                assertEquals("slept", response.body());
                assertTrue(response.head().contains("Connection: close"), response.head());
            }
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }

    /** At --worker-connections open connections, a further client waits in the listen queue until one closes. */
    @Test
    void workerConnectionsCapsOpenConnections() throws Exception {
        try (Junicorn server = start("--worker-connections", "2", "--keep-alive", "60")) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            int port = server.port();
            try (Socket first = Http.connect(port); Socket second = Http.connect(port); Socket third = Http.connect(port)) {
                for (Socket idle : List.of(first, second)) {
                    Http.send(idle, "GET /echo?tag=a HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertEquals(200, Http.read(idle.getInputStream()).status());
                }
                Http.send(third, "GET /echo?tag=third HTTP/1.1\r\nHost: x\r\n\r\n");
                third.setSoTimeout(1_000);
                assertThrows(SocketTimeoutException.class, () -> third.getInputStream().read(),
                        "a third connection is not served while two are open");
                third.setSoTimeout(Http.TIMEOUT_MILLIS);
                first.close();
                assertEquals("third body=0 sum=0", Http.read(third.getInputStream()).body());
            }
            server.stopCleanly();
        }
    }

    /** A handler waiting for body bytes that never come is woken by --request-timeout, and the 503 arrives. */
    @Test
    void requestTimeoutAnswersAHandlerWaitingForTheBody() throws Exception {
        try (Junicorn server = start("--request-timeout", "1")) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            try (Socket socket = Http.connect(server.port())) {
                long start = System.nanoTime();
                Http.send(socket, "POST /echo?tag=stuck HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
                Http.Response response = Http.read(socket.getInputStream());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(503, response.status(), response.head());
                assertTrue(response.head().contains("Connection: close"), response.head());
                assertTrue(millis > 900 && millis < 5_000, "503 after " + millis + " ms");
                assertEquals(-1, socket.getInputStream().read(), "the connection ends after the 503");
            }
            assertEquals(200, Http.get(server.port(), "/pid").status(), "the worker serves on");
            server.stopCleanly("Request timeout", "ended after its request timed out");
        }
    }

    private static Junicorn start(String... extra) throws Exception {
        String classes = Path.of(NioWorkerTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> args = new ArrayList<>(List.of("-w", "1", "-k", "nio", "-b", "127.0.0.1:0", "--class-path", classes,
                "--access-logfile", "-"));
        args.addAll(List.of(extra));
        args.add(APP);
        return Junicorn.start(args);
    }

    private static void keepAlive(int port) throws IOException {
        try (Socket socket = Http.connect(port)) {
            for (int i = 0; i < 3; i++) {
                Http.send(socket, "GET /echo?tag=" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                Http.Response response = Http.read(socket.getInputStream());
                assertEquals(i + " body=0 sum=0", response.body());
                assertFalse(response.head().toLowerCase().contains("connection: close"), response.head());
            }
        }
    }

    private static void sixteenPipelinedInOrder(int port) throws IOException {
        try (Socket socket = Http.connect(port)) {
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                // every third one sleeps on the request thread or waits for another thread, the rest are quick
                String path = i % 3 == 1 ? "/later?ms=20" : i % 3 == 2 ? "/sleep?ms=10" : "/echo?tag=" + i;
                requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            Http.send(socket, requests.toString());
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 16; i++) {
                String expected = i % 3 == 1 ? "later" : i % 3 == 2 ? "slept" : i + " body=0 sum=0";
                assertEquals(expected, Http.read(in).body(), "response " + i);
            }
        }
    }

    private static void chunkedBodyWithTrailers(int port) throws IOException {
        try (Socket socket = Http.connect(port)) {
            Http.send(socket, "POST /echo?tag=chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n");
            Tcp.awaitServerRead(socket, Duration.ofSeconds(10));
            Http.send(socket, "6\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n");
            long sum = 0;
            for (byte b : "hello world".getBytes(StandardCharsets.US_ASCII)) {
                sum += b;
            }
            assertEquals("chunked body=11 sum=" + sum, Http.read(socket.getInputStream()).body());
            Http.send(socket, "GET /echo?tag=after HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("after body=0 sum=0", Http.read(socket.getInputStream()).body(), "the connection goes on");
        }
    }

    /** 8 MiB through a client that reads 16 KiB at a time with pauses: all of it arrives, in order. */
    private static void largeResponseToASlowReader(int port) throws Exception {
        int mib = 8;
        try (Socket socket = Http.connect(port)) {
            Http.send(socket, "GET /stream?mib=" + mib + " HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200") && head.contains("Transfer-Encoding: chunked"), head);
            long offset = 0;
            int pauses = 0;
            while (true) {
                int size = Integer.parseInt(readLine(in), 16);
                if (size == 0) {
                    assertEquals("", readLine(in));
                    break;
                }
                byte[] data = in.readNBytes(size);
                for (int j = 0; j < size; j++) {
                    if (data[j] != (byte) ((offset + j) % 251)) {
                        throw new AssertionError("byte " + (offset + j) + " differs");
                    }
                }
                offset += size;
                assertEquals("", readLine(in));
                if (pauses++ < 20) {
                    Thread.sleep(20); // a slow reader: the worker's output queue fills and its writer waits
                }
            }
            assertEquals(mib * 1024L * 1024L, offset);
            Http.send(socket, "GET /echo?tag=after HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("after body=0 sum=0", Http.read(in).body());
        }
    }

    private static void continueOnlyWhenTheBodyIsRead(int port) throws IOException {
        try (Socket socket = Http.connect(port)) {
            Http.send(socket, "POST /echo?tag=expect HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
            InputStream in = socket.getInputStream();
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", readHead(in) + "\r\n\r\n");
            Http.send(socket, "abc");
            assertEquals("expect body=3 sum=294", Http.read(in).body());
        }
        try (Socket socket = Http.connect(port)) {
            Http.send(socket, "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
            Http.Response response = Http.read(socket.getInputStream());
            assertEquals("ignored", response.body(), "no 100 Continue before it: " + response.head());
            assertTrue(response.head().contains("Connection: close"), "the body never came: " + response.head());
        }
    }

    private static void stageCompletedByAnotherThread(int port) throws IOException {
        try (Socket socket = Http.connect(port)) {
            for (int i = 0; i < 2; i++) {
                Http.send(socket, "GET /later?ms=50 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("later", Http.read(socket.getInputStream()).body());
            }
        }
    }

    /** The head without its final CRLF CRLF. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in a response head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("closed in a chunk line");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
