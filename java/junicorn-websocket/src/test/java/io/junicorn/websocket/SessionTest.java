package io.junicorn.websocket;

import io.junicorn.http.websocket.PerMessageDeflate;
import io.junicorn.http.websocket.WebSocketHandshake;
import io.junicorn.http.websocket.WebSocketOpcode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.io.Writer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions over an in-memory connection: the client's frames in, the session's frames out, decoded. */
@Timeout(60)
class SessionTest {
    static final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    static String event() throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("no endpoint event within 10 s");
        }
        return event;
    }

    public record Point(int x, int y) {
    }

    public static class PointCoder implements Decoder.Text<Point>, Encoder.Text<Point> {
        @Override
        public Point decode(String s) throws DecodeException {
            String[] parts = s.split(",");
            try {
                return new Point(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (RuntimeException e) {
                throw new DecodeException(s, "not a point", e);
            }
        }

        @Override
        public boolean willDecode(String s) {
            return s.contains(",");
        }

        @Override
        public String encode(Point point) {
            return "(" + point.x() + " " + point.y() + ")";
        }

        @Override
        public void init(EndpointConfig config) {
        }

        @Override
        public void destroy() {
        }
    }

    @ServerEndpoint(value = "/echo/{room}", decoders = PointCoder.class, encoders = PointCoder.class)
    public static class Echo {
        @OnOpen
        public void open(Session session, @PathParam("room") String room) {
            events.add("open " + room + " " + session.getQueryString());
        }

        @OnMessage(maxMessageSize = 20)
        public Object text(String text, Session session) {
            if (text.equals("fail")) {
                throw new IllegalStateException("asked to fail");
            }
            if (text.equals("close")) {
                try {
                    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4000), "asked to close"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return null;
            }
            return text;
        }

        @OnMessage
        public ByteBuffer binary(ByteBuffer data) {
            return data;
        }

        @OnMessage
        public void pong(PongMessage pong) {
            events.add("pong " + StandardCharsets.UTF_8.decode(pong.getApplicationData()));
        }

        @OnError
        public void error(Throwable failure) {
            events.add("error " + failure.getClass().getSimpleName());
        }

        @OnClose
        public void close(CloseReason reason, @PathParam("room") String room) {
            events.add("close " + reason.getCloseCode().getCode() + " " + room);
        }
    }

    @ServerEndpoint(value = "/points", decoders = PointCoder.class, encoders = PointCoder.class)
    public static class Points {
        @OnMessage
        public Point swap(Point point) {
            return new Point(point.y(), point.x());
        }

        @OnError
        public void error(Throwable failure) {
            events.add("error " + failure.getClass().getSimpleName());
        }
    }

    @ServerEndpoint("/parts")
    public static class Parts {
        private final StringBuilder text = new StringBuilder();

        @OnMessage
        public void part(String part, boolean last, Session session) throws java.io.IOException {
            text.append(part);
            if (last) {
                session.getBasicRemote().sendText("whole:" + text);
                text.setLength(0);
            }
        }
    }

    private FakeConnection connection;
    private WsSession session;
    private CompletableFuture<Void> running;

    @BeforeEach
    void clear() {
        events.clear();
    }

    private void open(Class<?> annotated, Map<String, String> pathParameters) throws Exception {
        JunicornServerContainer container = new JunicornServerContainer(getClass().getClassLoader());
        ServerEndpointConfig config = JunicornServerContainer.AnnotatedEndpoints.config(annotated);
        Endpoint endpoint = new AnnotatedEndpoint(container.model(annotated, config, PathTemplate.parse(config.getPath())),
                annotated.getConstructor().newInstance());
        open(container, config, endpoint, pathParameters);
    }

    private void open(JunicornServerContainer container, ServerEndpointConfig config, Endpoint endpoint,
                      Map<String, String> pathParameters) {
        open(container, config, endpoint, pathParameters, null);
    }

    private void open(JunicornServerContainer container, ServerEndpointConfig config, Endpoint endpoint,
                      Map<String, String> pathParameters, PerMessageDeflate.Agreement deflate) {
        connection = new FakeConnection(deflate == null ? null : new PerMessageDeflate(deflate, false));
        session = new WsSession(new SessionSetup(container, config, endpoint, pathParameters,
                URI.create("ws://127.0.0.1:8000/x?q=1"), "q=1", Map.of("q", List.of("1")), null, "", List.of(),
                deflate, container.group(config), getClass().getClassLoader()), connection);
        running = CompletableFuture.runAsync(session::run, command -> Thread.ofVirtual().start(command));
    }

    private void assertEvent(String kind, String text) throws InterruptedException {
        FakeConnection.Event event = connection.next();
        assertEquals(kind + " " + text, event.kind() + " " + event.text());
    }

    /** The next text message the session sent, its parts joined. */
    private String wholeText() throws InterruptedException {
        StringBuilder text = new StringBuilder();
        for (FakeConnection.Event event = connection.next(); ; event = connection.next()) {
            assertTrue(event.kind().startsWith("text"), event.toString());
            text.append(event.text());
            if (event.kind().equals("text")) {
                return text.toString();
            }
        }
    }

    private void assertClose(int code) throws InterruptedException {
        FakeConnection.Event event = connection.next();
        assertEquals("close " + code, event.kind() + " " + event.code(), event.text());
    }

    private void assertEnded() throws Exception {
        running.get(10, TimeUnit.SECONDS);
    }

    @Test
    void echoesTextAndBinaryAnswersPingsAndClosesOnTheClientsClose() throws Exception {
        open(Echo.class, Map.of("room", "lobby"));
        assertEquals("open lobby q=1", event());
        connection.sendText("hello", true);
        assertEvent("text", "hello");
        connection.send(WebSocketOpcode.BINARY, new byte[] {1, 2, 3}, true);
        assertEvent("binary", "\u0001\u0002\u0003");
        connection.send(WebSocketOpcode.PING, "are you there".getBytes(StandardCharsets.UTF_8), true);
        assertEvent("pong", "are you there");
        connection.send(WebSocketOpcode.PONG, "unsolicited".getBytes(StandardCharsets.UTF_8), true);
        assertEquals("pong unsolicited", event());
        connection.sendText("frag", false);
        connection.send(WebSocketOpcode.PING, new byte[0], true);
        connection.send(WebSocketOpcode.CONTINUATION, "ments".getBytes(StandardCharsets.UTF_8), true);
        assertEvent("pong", "");
        assertEvent("text", "fragments");
        assertTrue(session.isOpen());
        assertEquals(1, session.getOpenSessions().size());
        connection.sendClose(1000, "bye");
        assertClose(1000);
        assertEvent("end", "");
        assertEnded();
        assertEquals("close 1000 lobby", event());
        assertNull(events.poll(), "onClose runs once");
        assertTrue(session.getOpenSessions().isEmpty());
    }

    @Test
    void aTextOverTheLimitClosesWith1009() throws Exception {
        open(Echo.class, Map.of("room", "big"));
        event();
        assertEquals(20, session.getMaxTextMessageBufferSize(), "@OnMessage(maxMessageSize)");
        connection.sendText("0123456789", false);
        connection.send(WebSocketOpcode.CONTINUATION, "0123456789!".getBytes(StandardCharsets.UTF_8), true);
        assertClose(1009);
        assertEvent("end", "");
        assertEnded();
        assertEquals("close 1009 big", event());
    }

    @Test
    void anEndpointExceptionGoesToOnErrorAndClosesWith1011() throws Exception {
        open(Echo.class, Map.of("room", "r"));
        event();
        connection.sendText("fail", true);
        assertEquals("error IllegalStateException", event());
        assertClose(1011);
        connection.sendClose(1011, "");
        assertEvent("end", "");
        assertEnded();
        assertEquals("close 1011 r", event());
        assertNull(events.poll());
    }

    @Test
    void theEndpointClosesAndTheClientAnswers() throws Exception {
        open(Echo.class, Map.of("room", "r"));
        event();
        connection.sendText("close", true);
        FakeConnection.Event close = connection.next();
        assertEquals(4000, close.code());
        assertEquals("asked to close", close.text());
        assertTrue(!session.isOpen());
        assertThrows(IllegalStateException.class, () -> session.getBasicRemote().sendText("late"));
        connection.sendClose(4000, "");
        assertEvent("end", "");
        assertEnded();
        assertEquals("close 4000 r", event());
    }

    @Test
    void goingAwayClosesWith1001() throws Exception {
        open(Echo.class, Map.of("room", "r"));
        event();
        connection.goodbye().run();
        assertClose(1001);
        connection.sendClose(1001, "");
        assertEvent("end", "");
        assertEnded();
        assertEquals("close 1001 r", event());
    }

    @Test
    void aConnectionEndingWithoutACloseIs1006() throws Exception {
        open(Echo.class, Map.of("room", "r"));
        event();
        connection.end();
        assertEvent("abort", "");
        assertEnded();
        assertEquals("close 1006 r", event());
        assertNull(events.poll());
    }

    @Test
    void anUnmaskedFrameIsAProtocolError() throws Exception {
        open(Echo.class, Map.of("room", "r"));
        event();
        connection.sendRaw(new byte[] {(byte) 0x81, 0x02, 'h', 'i'});
        assertEquals("error WebSocketException", event());
        assertClose(1002);
        assertEvent("end", "");
        assertEnded();
        assertEquals("close 1002 r", event());
    }

    @Test
    void decodersEncodersAndDecodeFailures() throws Exception {
        open(Points.class, Map.of());
        connection.sendText("1,2", true);
        assertEvent("text", "(2 1)");
        connection.sendText("no point", true);
        assertEquals("error DecodeException", event());
        connection.sendText("3, x", true);
        assertEquals("error DecodeException", event());
        connection.sendText("5,6", true);
        assertEvent("text", "(6 5)");
        connection.send(WebSocketOpcode.BINARY, new byte[] {1}, true);
        assertClose(1003);
    }

    @Test
    void permessageDeflateCompressesBothWays() throws Exception {
        PerMessageDeflate.Agreement agreement = PerMessageDeflate.negotiate(
                List.of(new WebSocketHandshake.ExtensionOffer("permessage-deflate", Map.of())));
        JunicornServerContainer container = new JunicornServerContainer(getClass().getClassLoader());
        ServerEndpointConfig config = JunicornServerContainer.AnnotatedEndpoints.config(Echo.class);
        open(container, config, new AnnotatedEndpoint(container.model(Echo.class, config,
                PathTemplate.parse(config.getPath())), new Echo()), Map.of("room", "z"), agreement);
        event();
        String repeated = "abcabcabc".repeat(2); // 18 characters: under Echo's limit of 20
        for (int i = 0; i < 3; i++) { // the context carries over from message to message
            connection.sendText(repeated, true);
            assertEquals(repeated, wholeText(), "an inflated message may come out in several parts");
        }
        connection.sendClose(1000, "");
        assertClose(1000);
        assertEnded();
    }

    @Test
    void partialMessagesArriveInParts() throws Exception {
        open(Parts.class, Map.of());
        connection.sendText("a", false);
        connection.send(WebSocketOpcode.CONTINUATION, "b".getBytes(StandardCharsets.UTF_8), false);
        connection.send(WebSocketOpcode.CONTINUATION, "c".getBytes(StandardCharsets.UTF_8), true);
        assertEvent("text", "whole:abc");
    }

    public static class Programmatic extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            MessageHandler.Whole<String> lambda = text -> { };
            try {
                session.addMessageHandler(lambda);
                events.add("lambda accepted");
            } catch (IllegalStateException e) {
                events.add("lambda refused");
            }
            session.addMessageHandler(String.class, text -> {
                try {
                    switch (text) {
                        case "stream" -> {
                            try (OutputStream out = session.getBasicRemote().getSendStream()) {
                                out.write("ab".getBytes(StandardCharsets.UTF_8));
                                out.flush();
                                out.write("cd".getBytes(StandardCharsets.UTF_8));
                            }
                        }
                        case "writer" -> {
                            try (Writer out = session.getBasicRemote().getSendWriter()) {
                                out.write("x\uD83D");
                                out.flush();
                                out.write("\uDE00y");
                            }
                        }
                        case "async" -> {
                            CompletableFuture<SendResult> result = new CompletableFuture<>();
                            session.getAsyncRemote().sendText("one");
                            session.getAsyncRemote().sendText("two", result::complete);
                            events.add("async ok " + result.get(10, TimeUnit.SECONDS).isOK());
                        }
                        case "partial" -> {
                            session.getBasicRemote().sendText("p1", false);
                            assertThrows(IllegalStateException.class,
                                    () -> session.getBasicRemote().sendBinary(ByteBuffer.allocate(1)));
                            session.getBasicRemote().sendText("p2", true);
                        }
                        default -> session.getBasicRemote().sendObject(text.length());
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            session.addMessageHandler(new MessageHandler.Partial<byte[]>() {
                @Override
                public void onMessage(byte[] part, boolean last) {
                    events.add("bytes " + part.length + " " + last);
                }
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            events.add("close " + reason.getCloseCode().getCode());
        }
    }

    @Test
    void programmaticEndpointsStreamsAndAsyncSends() throws Exception {
        JunicornServerContainer container = new JunicornServerContainer(getClass().getClassLoader());
        open(container, ServerEndpointConfig.Builder.create(Programmatic.class, "/p").build(), new Programmatic(),
                Map.of());
        assertEquals("lambda refused", event());
        connection.sendText("four", true);
        assertEvent("text", "4");
        connection.sendText("stream", true);
        assertEvent("binary-part", "ab");
        assertEvent("binary", "cd");
        connection.sendText("writer", true);
        assertEvent("text-part", "x");
        assertEvent("text", "\uD83D\uDE00y");
        connection.sendText("async", true);
        assertEvent("text", "one");
        assertEvent("text", "two");
        assertEquals("async ok true", event());
        connection.sendText("partial", true);
        assertEvent("text-part", "p1");
        assertEvent("text", "p2");
        connection.send(WebSocketOpcode.BINARY, new byte[3], false);
        connection.send(WebSocketOpcode.CONTINUATION, new byte[2], true);
        assertEquals("bytes 3 false", event());
        assertEquals("bytes 2 true", event());
        connection.sendClose(1000, "");
        assertClose(1000);
        assertEnded();
        assertEquals("close 1000", event());
    }

    @Test
    void anIdleSessionClosesWith1001() throws Exception {
        JunicornServerContainer container = new JunicornServerContainer(getClass().getClassLoader());
        container.setDefaultMaxSessionIdleTimeout(200);
        open(container, ServerEndpointConfig.Builder.create(Programmatic.class, "/p").build(), new Programmatic(),
                Map.of());
        event();
        assertClose(1001);
        connection.sendClose(1001, "");
        assertEnded();
        assertEquals("close 1001", event());
    }

    @Test
    void encodersRefuseWhatTheyDoNotKnow() throws Exception {
        open(Points.class, Map.of());
        connection.sendText("1,1", true);
        assertEvent("text", "(1 1)"); // the session is open
        assertThrows(EncodeException.class, () -> session.getBasicRemote().sendObject(new Object()));
        session.getBasicRemote().sendObject(new Point(1, 2));
        assertEvent("text", "(1 2)");
        session.getBasicRemote().sendObject(new byte[] {65});
        assertEvent("binary", "A");
    }
}
