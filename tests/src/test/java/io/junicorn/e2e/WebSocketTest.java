package io.junicorn.e2e;

import io.junicorn.e2e.WebSocketClient.Closed;
import io.junicorn.e2e.WebSocketClient.Pong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.Socket;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.junicorn.e2e.WebSocketClient.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebSocket on real workers, -k virtual and -k nio, serving the websocket example (dist/examples/websocket, a war of
 * Jakarta WebSocket endpoints): text and binary echo up to 1 MiB, fragments, ping, the close handshake begun by either
 * side, bad frames closed with 1002, 1007 and 1009, 1,000 idle sessions beside HTTP requests, and a HUP that closes
 * every session with 1001 and sends new ones to the new generation. gthread and sync refuse the upgrade with 501.
 */
class WebSocketTest {
    private static final String WAR = Junicorn.DIST.resolve("examples/websocket/websocket.war").toString();
    /** StatsEndpoint's answer. */
    private static final Pattern STATS = Pattern.compile("\\{\"pid\":(\\d+),\"sessions\":(\\d+)}");

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "nio"})
    void echoesMessagesAndClosesWithTheRightCodes(String workerClass) throws Exception {
        try (Junicorn server = start("-w", "1", "-k", workerClass)) {
            int port = awaitServing(server);
            handshakeOfAnotherVersionIsRefused(port);
            echoes(port);
            closesOnTheServersInitiative(port);
            broadcastsToTheRoomOnly(port);

            WebSocketClient stats = WebSocketClient.open(port, "/stats");
            Matcher answer = stats(stats);
            assertEquals(server.workerPids(), List.of(Long.parseLong(answer.group(1))));
            stats.closeNormally();

            try (RawWebSocket raw = RawWebSocket.open(port, "/echo")) {
                raw.send(true, RawWebSocket.TEXT, "not masked".getBytes(StandardCharsets.UTF_8), false);
                assertEquals(1002, raw.awaitCloseCode(), "an unmasked frame from a client (RFC 6455 section 5.1)");
            }
            try (RawWebSocket raw = RawWebSocket.open(port, "/echo")) {
                raw.send(true, 0x3, new byte[0], true);
                assertEquals(1002, raw.awaitCloseCode(), "a reserved opcode");
            }
            try (RawWebSocket raw = RawWebSocket.open(port, "/echo")) {
                raw.send(true, RawWebSocket.TEXT, new byte[] {'o', 'k', (byte) 0xC3, 0x28}, true);
                assertEquals(1007, raw.awaitCloseCode(), "a text message that is not UTF-8 (section 8.1)");
            }
            try (RawWebSocket raw = RawWebSocket.open(port, "/chat/lobby")) {
                raw.sendText("x".repeat(4096 + 1));
                assertEquals(1009, raw.awaitCloseCode(), "a chat line over the endpoint's maxMessageSize (4096)");
            }
            // the worker still serves: nothing above was more than one session's end
            WebSocketClient after = WebSocketClient.open(port, "/echo");
            assertEquals("still here", after.roundTrip("still here"));
            after.closeNormally();
            server.stopCleanly();
        }
    }

    /** Holds 1,000 idle sessions on one worker past --timeout while HTTP requests are served beside them. */
    @ParameterizedTest
    @ValueSource(strings = {"virtual", "nio"})
    void holdsAThousandIdleSessionsBesideHttpRequests(String workerClass) throws Exception {
        int count = 1000;
        Duration timeout = Duration.ofSeconds(6);
        try (Junicorn server = start("-w", "1", "-k", workerClass, "--worker-connections", "1100",
                "-t", Long.toString(timeout.toSeconds()))) {
            int port = awaitServing(server);
            List<Long> worker = server.workerPids();
            List<CompletableFuture<WebSocketClient>> opening = IntStream.range(0, count)
                    .mapToObj(i -> WebSocketClient.openAsync(port, "/echo")).toList();
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
            List<WebSocketClient> sessions = opening.stream().map(CompletableFuture::join).toList();
            long idleSince = System.nanoTime();

            Load load = Load.keptAlive(port, 2, "/");
            try (load) {
                // past --timeout: the worker's heartbeat goes on with every session idle
                Junicorn.await("HTTP traffic beside the sessions for longer than --timeout", Duration.ofSeconds(60),
                        () -> load.ok() > 200 && System.nanoTime() - idleSince > timeout.plusSeconds(2).toNanos());
            }
            assertEquals(List.of(), load.failures(), "HTTP requests beside " + count + " sessions");
            assertEquals(worker, server.workerPids(), "the worker was never replaced");

            WebSocketClient stats = WebSocketClient.open(port, "/stats");
            assertEquals(count + 1, Integer.parseInt(stats(stats).group(2)), "sessions open in the worker");
            stats.closeNormally();
            for (int i = 0; i < count; i++) {
                sessions.get(i).send("session " + i);
            }
            for (int i = 0; i < count; i++) {
                assertEquals("session " + i, sessions.get(i).nextText());
            }
            for (WebSocketClient session : sessions) {
                session.socket().sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
            for (WebSocketClient session : sessions) {
                assertEquals(WebSocket.NORMAL_CLOSURE, session.awaitClose(WAIT).code());
            }
            assertFalse(server.log().contains("timeout ("), server.log());
            server.stopCleanly();
        }
    }

    /**
     * HUP with sessions open on both workers: each one gets a close frame with 1001 (Going Away), none is cut without
     * one, the old workers exit once their sessions are closed, and new sessions reach the new workers.
     */
    @ParameterizedTest
    @ValueSource(strings = {"virtual", "nio"})
    void reloadClosesEverySessionWithGoingAway(String workerClass) throws Exception {
        try (Junicorn server = start("-w", "2", "-k", workerClass, "--graceful-timeout", "20")) {
            int port = awaitServing(server);
            List<Long> before = awaitBothWorkersAnswering(server, port);
            List<WebSocketClient> sessions = new ArrayList<>();
            Set<Long> served = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                WebSocketClient stats = WebSocketClient.open(port, "/stats");
                served.add(Long.parseLong(stats(stats).group(1)));
                sessions.add(stats);
            }
            for (int i = 0; i < 10; i++) {
                WebSocketClient echo = WebSocketClient.open(port, "/echo");
                assertEquals("before " + i, echo.roundTrip("before " + i));
                sessions.add(echo);
                WebSocketClient chat = WebSocketClient.open(port, "/chat/hup?name=member" + i);
                sessions.add(chat);
            }
            assertTrue(before.containsAll(served), served + " of " + before);

            server.signal("HUP");
            for (WebSocketClient session : sessions) {
                Closed closed = session.awaitClose(Duration.ofSeconds(60));
                assertEquals(1001, closed.code(), "the close a retiring worker sends: " + closed);
            }
            server.awaitLog("Generation 2 is ready", Duration.ofSeconds(60));
            server.awaitShowingLog("the old generation gone", Duration.ofSeconds(40), () -> {
                List<Long> now = server.workerPids();
                return now.size() == 2 && Collections.disjoint(now, before);
            });
            List<Long> after = server.workerPids();
            for (int i = 0; i < 10; i++) {
                WebSocketClient stats = WebSocketClient.open(port, "/stats");
                long pid = Long.parseLong(stats(stats).group(1));
                assertTrue(after.contains(pid), pid + " is not a new worker, " + after);
                stats.closeNormally();
            }
            server.stopCleanly();
        }
    }

    /** Workers that cannot hand a connection over answer an upgrade with 501 and a WARN line, and serve HTTP on. */
    @Test
    void threadPoolAndSyncWorkersRefuseTheUpgrade() throws Exception {
        for (String workerClass : List.of("gthread", "sync")) {
            try (Junicorn server = start("-w", "1", "-k", workerClass)) {
                int port = awaitServing(server);
                try (Socket socket = Http.connect(port)) {
                    Http.send(socket, "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
                    Http.Response response = Http.readKeptAlive(socket.getInputStream());
                    assertEquals(501, response.status(), workerClass + ": " + response.head() + response.body());
                    assertTrue(response.body().contains("virtual") && response.body().contains("nio"), response.body());
                }
                server.awaitLog("(?i)\\[WARN][^\\n]*upgrade", Duration.ofSeconds(10));
                assertEquals(200, Http.get(port, "/").status());
                server.stopCleanly();
            }
        }
    }

    private static Junicorn start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("-b", "127.0.0.1:0"));
        command.addAll(List.of(args));
        command.add(WAR);
        return Junicorn.start(command);
    }

    /** Waits until the war's index.html is served; returns the port. */
    private static int awaitServing(Junicorn server) {
        int port = server.port();
        server.awaitShowingLog("the example's index.html", Duration.ofSeconds(60), () -> {
            try {
                Http.Response page = Http.get(port, "/");
                return page.status() == 200 && page.body().contains("<h1>WebSocket on junicorn</h1>");
            } catch (IOException e) {
                return false;
            }
        });
        return port;
    }

    /** Opens /stats sessions until both workers have answered one (the kernel picks the worker); closes them. */
    private static List<Long> awaitBothWorkersAnswering(Junicorn server, int port) {
        Set<Long> answered = new HashSet<>();
        server.awaitShowingLog("both workers answering /stats", Duration.ofSeconds(60), () -> {
            try {
                WebSocketClient stats = WebSocketClient.open(port, "/stats");
                answered.add(Long.parseLong(stats(stats).group(1)));
                stats.closeNormally();
            } catch (Exception e) {
                return false;
            }
            List<Long> workers = server.workerPids();
            return workers.size() == 2 && answered.containsAll(workers);
        });
        return server.workerPids();
    }

    /** Asks a /stats session and parses its answer: group 1 the pid, group 2 the open sessions. */
    private static Matcher stats(WebSocketClient stats) throws Exception {
        String answer = stats.roundTrip("?");
        Matcher matcher = STATS.matcher(answer);
        assertTrue(matcher.matches(), answer);
        return matcher;
    }

    private static void handshakeOfAnotherVersionIsRefused(int port) throws IOException {
        try (Socket socket = Http.connect(port)) {
            Http.send(socket, "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
            String head = RawWebSocket.readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 426 "), head);
            // field names are case-insensitive; the engine's (the JDK's) Headers writes "Sec-websocket-version"
            assertTrue(head.toLowerCase(Locale.ROOT).contains("\r\nsec-websocket-version: 13\r\n"), head);
        }
    }

    private static void echoes(int port) throws Exception {
        WebSocketClient echo = WebSocketClient.open(port, "/echo");
        assertEquals("héllo, wörld ✓", echo.roundTrip("héllo, wörld ✓"));
        assertEquals("", echo.roundTrip(""));

        Random random = new Random(17);
        byte[] bytes = new byte[1000];
        random.nextBytes(bytes);
        echo.socket().sendBinary(ByteBuffer.wrap(bytes), true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertArrayEquals(bytes, echo.nextBinary());

        // 1 MiB of binary and about 1.25 MiB of text each way, in as many frames and reads as either side chooses
        byte[] mebibyte = new byte[1 << 20];
        random.nextBytes(mebibyte);
        echo.socket().sendBinary(ByteBuffer.wrap(mebibyte), true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertArrayEquals(mebibyte, echo.nextBinary());
        StringBuilder text = new StringBuilder(1 << 20);
        while (text.length() < (1 << 20) - 2) {
            text.append(random.nextInt(4) == 0 ? 'é' : (char) ('a' + random.nextInt(26))); // 2 bytes and 1 in UTF-8
        }
        assertEquals(text.toString(), echo.roundTrip(text.toString()));

        // one message in three frames; a ping between two of them is answered at once (control frames interleave)
        WebSocket socket = echo.socket();
        socket.sendText("frag", false).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        socket.sendText("men", false).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        socket.sendPing(ByteBuffer.wrap("are you there?".getBytes(StandardCharsets.UTF_8)))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        WebSocketClient.Event pong = echo.next(WAIT);
        assertTrue(pong instanceof Pong(byte[] payload) && WebSocketClient.utf8(payload).equals("are you there?"),
                pong.toString());
        socket.sendText("ts", true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("fragments", echo.nextText());

        echo.closeNormally();
    }

    private static void closesOnTheServersInitiative(int port) throws Exception {
        WebSocketClient chat = WebSocketClient.open(port, "/chat/lobby?name=ana");
        assertEquals("ana joined", chat.nextText());
        chat.send("/leave");
        Closed closed = chat.awaitClose(WAIT);
        assertEquals(new Closed(1000, "goodbye"), closed);
    }

    private static void broadcastsToTheRoomOnly(int port) throws Exception {
        WebSocketClient ana = WebSocketClient.open(port, "/chat/red?name=ana");
        assertEquals("ana joined", ana.nextText());
        WebSocketClient bob = WebSocketClient.open(port, "/chat/red?name=bob");
        assertEquals("bob joined", bob.nextText());
        assertEquals("bob joined", ana.nextText());
        WebSocketClient carl = WebSocketClient.open(port, "/chat/blue?name=carl");
        assertEquals("carl joined", carl.nextText());

        ana.send("hi");
        assertEquals("ana: hi", ana.nextText());
        assertEquals("ana: hi", bob.nextText());
        // carl's next message is his own: nothing of the red room reached the blue one
        assertEquals("carl: anyone?", carl.roundTrip("anyone?"));

        bob.closeNormally();
        assertEquals("bob left", ana.nextText());
        ana.closeNormally();
        carl.closeNormally();
    }
}
