package io.junicorn.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring WebSocket example (dist/examples/spring-websocket, Boot 4, STOMP with the simple broker) as its
 * executable jar on -k virtual and -k nio: a STOMP client written here over the JDK's WebSocket client connects to
 * /ws, subscribes to /topic/greetings, sends to /app/greet and receives the greeting.
 */
class SpringWebSocketExampleTest {
    /** A Boot application takes seconds to start, more on a busy machine; --boot-timeout (120 s) bounds it. */
    private static final Duration BOOT = Duration.ofSeconds(150);

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "nio"})
    void greetsSubscribersOverStomp(String workerClass) throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-k", workerClass, "-b", "127.0.0.1:0",
                Junicorn.DIST.resolve("examples/spring-websocket/spring-websocket.jar").toString()))) {
            server.awaitLog("Main mode: \\S+ started its HttpServer", BOOT);
            int port = server.port();
            assertEquals(server.workerPids(), List.of(Long.parseLong(Http.get(port, "/pid").body())));

            WebSocketClient stomp = WebSocketClient.openAsync(port, "/ws", "v12.stomp")
                    .get(WebSocketClient.WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            assertEquals("v12.stomp", stomp.socket().getSubprotocol());
            stomp.send(frame("CONNECT", "", "accept-version:1.2", "host:localhost"));
            String connected = stomp.nextText();
            assertTrue(connected.startsWith("CONNECTED\n") && connected.contains("\nversion:1.2\n"), connected);

            stomp.send(frame("SUBSCRIBE", "", "id:sub-0", "destination:/topic/greetings"));
            String message = sendUntilAMessageComes(stomp,
                    frame("SEND", "{\"name\":\"Ana\"}", "destination:/app/greet", "content-type:application/json"));
            assertTrue(message.startsWith("MESSAGE\n"), message);
            assertTrue(message.contains("\ndestination:/topic/greetings\n") && message.contains("\nsubscription:sub-0\n"),
                    message);
            assertTrue(message.endsWith("\n\n{\"content\":\"Hello, Ana!\"}\0"), message);

            stomp.closeNormally();
            server.stopCleanly();
        }
    }

    /**
     * The simple broker records a SUBSCRIBE on one of Spring's inbound threads while the next frame may already run
     * on another, so a greeting sent at once can precede the subscription: the SEND is repeated, every 2 s and for
     * 30 s at most, until a MESSAGE comes.
     */
    private static String sendUntilAMessageComes(WebSocketClient stomp, String send) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            stomp.send(send);
            WebSocketClient.Event event = stomp.poll(Duration.ofSeconds(2));
            if (event instanceof WebSocketClient.Text(String text)) {
                return text;
            }
            assertEquals(null, event, "the answer to a SEND");
        }
        throw new AssertionError("no MESSAGE on /topic/greetings within 30 s");
    }

    /** A STOMP 1.2 frame: the command, header lines, an empty line, the body, NUL. */
    private static String frame(String command, String body, String... headers) {
        return command + "\n" + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\n").toList()) + "\n"
                + body + "\0";
    }
}
