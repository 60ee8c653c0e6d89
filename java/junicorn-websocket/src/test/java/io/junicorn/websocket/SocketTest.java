package io.junicorn.websocket;

import io.junicorn.app.ServletServer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container through junicorn's engine on 127.0.0.1 (the standalone server of junicorn-servlet, as the Spring
 * Boot starter runs it), with the JDK's java.net.http.WebSocket as the client, and raw sockets for handshakes the
 * JDK client cannot send.
 */
@Timeout(60)
class SocketTest {
    static final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();

    @ServerEndpoint(value = "/ws/echo/{room}", subprotocols = {"chat", "superchat"})
    public static class Echo {
        @OnOpen
        public void open(Session session) {
            serverEvents.add("open " + session.getNegotiatedSubprotocol() + " " + session.getQueryString());
        }

        @OnMessage(maxMessageSize = 1024)
        public String text(String text) {
            return text;
        }

        @OnMessage
        public ByteBuffer binary(ByteBuffer data) {
            return data;
        }

        @OnClose
        public void close(CloseReason reason, @PathParam("room") String room) {
            serverEvents.add("close " + reason.getCloseCode().getCode() + " " + room);
        }
    }

    /** Refuses every origin but http://good. */
    public static class OriginCheck extends ServerEndpointConfig.Configurator {
        @Override
        public boolean checkOrigin(String origin) {
            return "http://good".equals(origin);
        }
    }

    @ServerEndpoint(value = "/ws/guarded", configurator = OriginCheck.class)
    public static class Guarded {
        @OnMessage
        public String text(String text) {
            return text;
        }
    }

    /**
     * Deploys nothing by scanning: these tests add their endpoints themselves, and the class path (when the scan
     * reads it) holds other tests' endpoints, some invalid on purpose.
     */
    public static class NothingScanned implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends jakarta.websocket.Endpoint>> scanned) {
            return Set.of();
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of();
        }
    }

    /** The client's view of one connection. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final List<Byte> binary = new ArrayList<>();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add("text " + text);
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            while (data.hasRemaining()) {
                binary.add(data.get());
            }
            if (last) {
                events.add("binary " + binary.size());
                binary.clear();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add("close " + statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add("error " + error);
        }

        String next() throws InterruptedException {
            String event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("the client got nothing within 10 s");
            }
            return event;
        }
    }

    private ServletServer.Deployment deployment;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        serverEvents.clear();
        deployment = ServletServer.find().deploy(
                new ServletServer.Settings("", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, 0),
                (classes, context) -> {
                    ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
                    try {
                        container.addEndpoint(Echo.class);
                        container.addEndpoint(Guarded.class);
                    } catch (jakarta.websocket.DeploymentException e) {
                        throw new jakarta.servlet.ServletException(e);
                    }
                });
        deployment.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        http.close();
        deployment.stop();
    }

    private URI uri(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + deployment.port() + path);
    }

    private String serverEvent() throws InterruptedException {
        String event = serverEvents.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("the endpoint saw nothing within 10 s");
        }
        return event;
    }

    @Test
    void echoesTextBinaryAndPartsThenClosesWithTheClientsCode() throws Exception {
        Client client = new Client();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("superchat", "chat")
                .buildAsync(uri("ws", "/ws/echo/lobby?user=ann"), client).get(10, TimeUnit.SECONDS);
        assertEquals("superchat", ws.getSubprotocol(), "the client's first choice the endpoint supports");
        assertEquals("open superchat user=ann", serverEvent());
        ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
        assertEquals("text hello", client.next());
        ws.sendText("in ", false).get(10, TimeUnit.SECONDS);
        ws.sendText("parts", true).get(10, TimeUnit.SECONDS);
        assertEquals("text in parts", client.next());
        ws.sendBinary(ByteBuffer.wrap(new byte[60_000]), true).get(10, TimeUnit.SECONDS);
        assertEquals("binary 60000", client.next(), "binary messages are not limited by the text limit");
        ws.sendClose(4001, "done").get(10, TimeUnit.SECONDS);
        assertEquals("close 4001", client.next());
        assertEquals("close 4001 lobby", serverEvent());
        assertNull(serverEvents.poll(200, TimeUnit.MILLISECONDS), "onClose runs once");
    }

    @Test
    void aTextOverTheLimitIsClosedWith1009() throws Exception {
        Client client = new Client();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(uri("ws", "/ws/echo/big"), client).get(10, TimeUnit.SECONDS);
        serverEvent();
        ws.sendText("x".repeat(1025), true).get(10, TimeUnit.SECONDS);
        assertEquals("close 1009", client.next());
        assertEquals("close 1009 big", serverEvent());
    }

    @Test
    void goingAwayClosesEverySessionWith1001() throws Exception {
        Client first = new Client();
        Client second = new Client();
        http.newWebSocketBuilder().buildAsync(uri("ws", "/ws/echo/a"), first).get(10, TimeUnit.SECONDS);
        http.newWebSocketBuilder().buildAsync(uri("ws", "/ws/echo/b"), second).get(10, TimeUnit.SECONDS);
        serverEvent();
        serverEvent();
        deployment.shutDownGracefully();
        assertEquals("close 1001", first.next());
        assertEquals("close 1001", second.next());
        Set<String> closes = Set.of(serverEvent(), serverEvent());
        assertEquals(Set.of("close 1001 a", "close 1001 b"), closes);
    }

    @Test
    void requestsThatDoNotUpgradeGoDownTheFilterChain() throws Exception {
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(uri("http", "/ws/echo/lobby"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, plain.statusCode(), "no servlet serves the path: the request was not taken as a handshake");
    }

    @Test
    void badHandshakesAreRefused() throws Exception {
        String version8 = handshake("/ws/echo/x", "Sec-WebSocket-Version: 8\r\n");
        assertTrue(version8.startsWith("HTTP/1.1 426"), version8);
        assertTrue(version8.toLowerCase().contains("sec-websocket-version: 13"), version8);
        String badOrigin = handshake("/ws/guarded", "Sec-WebSocket-Version: 13\r\nOrigin: http://evil\r\n");
        assertTrue(badOrigin.startsWith("HTTP/1.1 403"), badOrigin);
        String goodOrigin = handshake("/ws/guarded", "Sec-WebSocket-Version: 13\r\nOrigin: http://good\r\n");
        assertTrue(goodOrigin.startsWith("HTTP/1.1 101"), goodOrigin);
        assertTrue(goodOrigin.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), goodOrigin);
    }

    @Test
    void permessageDeflateIsNegotiated() throws Exception {
        String response = handshake("/ws/echo/z", "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Extensions: x-unknown, permessage-deflate; client_max_window_bits\r\n");
        assertTrue(response.startsWith("HTTP/1.1 101"), response);
        assertTrue(response.toLowerCase().contains("sec-websocket-extensions: permessage-deflate"), response);
        assertTrue(!response.contains("x-unknown"), response);
    }

    /** A raw handshake with RFC 6455's sample key; the response head. */
    private String handshake(String path, String headers) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), deployment.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            StringBuilder head = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append('\n');
            }
            return head.toString();
        }
    }
}
