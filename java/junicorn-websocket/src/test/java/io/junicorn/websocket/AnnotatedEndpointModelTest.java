package io.junicorn.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnotatedEndpointModelTest {
    public record Point(int x, int y) {
    }

    public static class PointDecoder implements Decoder.Text<Point> {
        @Override
        public Point decode(String s) throws DecodeException {
            String[] parts = s.split(",");
            return new Point(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        }

        @Override
        public boolean willDecode(String s) {
            return s.contains(",");
        }
    }

    @ServerEndpoint(value = "/rooms/{room}/{seat}", decoders = PointDecoder.class)
    public static class Everything {
        @OnOpen
        public void open(Session session, EndpointConfig config, @PathParam("room") String room,
                         @PathParam("seat") int seat) {
        }

        @OnMessage
        public String text(Point point, Session session, @PathParam("seat") Integer seat) {
            return point.toString();
        }

        @OnMessage(maxMessageSize = 10)
        public void binary(byte[] part, boolean last) {
        }

        @OnMessage
        public void pong(PongMessage pong) {
        }

        @OnError
        public void error(Throwable failure, @PathParam("room") String room) {
        }

        @OnClose
        public void close(CloseReason reason, Session session) {
        }
    }

    @Test
    void everyParameterKindTheSpecAllowsIsBound() throws DeploymentException {
        AnnotatedEndpointModel model = model(Everything.class);
        assertNotNull(model.onOpen);
        assertNotNull(model.onError);
        assertNotNull(model.onClose);
        assertEquals(3, model.onMessage.size());
        AnnotatedEndpointModel.MessageCallback binary = model.onMessage.stream()
                .filter(callback -> callback.kind() == HandlerBinding.Kind.BINARY).findFirst().orElseThrow();
        assertTrue(binary.partial());
        assertEquals(byte[].class, binary.type());
        assertEquals(10, binary.maxMessageSize());
        AnnotatedEndpointModel.MessageCallback text = model.onMessage.stream()
                .filter(callback -> callback.kind() == HandlerBinding.Kind.TEXT).findFirst().orElseThrow();
        assertFalse(text.partial());
        assertEquals(Point.class, text.type());
    }

    @ServerEndpoint("/kinds")
    public static class WholeKinds {
        @OnMessage
        public void text(Reader reader) {
        }

        @OnMessage
        public void binary(InputStream stream, Session session) {
        }
    }

    @ServerEndpoint("/primitive")
    public static class PrimitiveText {
        @OnMessage
        public long text(double value) {
            return (long) value;
        }

        @OnMessage
        public void binary(ByteBuffer buffer, boolean last) {
        }
    }

    @Test
    void streamsPrimitivesAndBuffersAreMessageTypes() throws DeploymentException {
        assertEquals(2, model(WholeKinds.class).onMessage.size());
        assertEquals(2, model(PrimitiveText.class).onMessage.size());
    }

    @ServerEndpoint("/two")
    public static class TwoTextHandlers {
        @OnMessage
        public void first(String text) {
        }

        @OnMessage
        public void second(Reader text) {
        }
    }

    @ServerEndpoint("/nodecoder")
    public static class NoDecoder {
        @OnMessage
        public void point(Point point) {
        }
    }

    @ServerEndpoint("/badpath/{id}")
    public static class BadPathParam {
        @OnOpen
        public void open(@PathParam("id") List<String> id) {
        }
    }

    @ServerEndpoint("/missing/{id}")
    public static class PrimitivePathParamNotInPath {
        @OnOpen
        public void open(@PathParam("other") int other) {
        }
    }

    @ServerEndpoint("/error")
    public static class ErrorWithoutThrowable {
        @OnError
        public void error(Session session) {
        }
    }

    @ServerEndpoint("/open")
    public static class OpenWithString {
        @OnOpen
        public void open(Session session, String what) {
        }
    }

    @ServerEndpoint("/twoopen")
    public static class TwoOnOpen {
        @OnOpen
        public void one() {
        }

        @OnOpen
        public void two() {
        }
    }

    @ServerEndpoint("/partial")
    public static class PartialReader {
        @OnMessage
        public void part(Reader reader, boolean last) {
        }
    }

    @ServerEndpoint("/private")
    public static class PrivateCallback {
        @OnMessage
        void hidden(String text) {
        }
    }

    @ServerEndpoint("/extra")
    public static class TwoMessageParameters {
        @OnMessage
        public void text(String text, ByteBuffer extra) {
        }
    }

    @Test
    void whatTheSpecForbidsFailsDeploymentNamingTheMethod() {
        refused(TwoTextHandlers.class, "second", "second @OnMessage");
        refused(NoDecoder.class, "point", "no decoder");
        refused(BadPathParam.class, "open", "@PathParam(\"id\")");
        refused(PrimitivePathParamNotInPath.class, "open", "cannot be null");
        refused(ErrorWithoutThrowable.class, "error", "Throwable");
        refused(OpenWithString.class, "open", "java.lang.String");
        refused(TwoOnOpen.class, "", "second @OnOpen");
        refused(PartialReader.class, "part", "partial");
        refused(PrivateCallback.class, "hidden", "public");
        refused(TwoMessageParameters.class, "text", "one message parameter");
    }

    private static void refused(Class<?> endpoint, String method, String problem) {
        DeploymentException e = assertThrows(DeploymentException.class, () -> model(endpoint), endpoint.getName());
        assertTrue(e.getMessage().contains(endpoint.getName() + "." + method), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private static AnnotatedEndpointModel model(Class<?> endpoint) throws DeploymentException {
        var config = JunicornServerContainer.AnnotatedEndpoints.config(endpoint);
        return AnnotatedEndpointModel.of(endpoint, config, PathTemplate.parse(config.getPath()).variables());
    }

    @Test
    void theContainerDeploysOnlyWhileTheApplicationDeploys() throws DeploymentException {
        JunicornServerContainer container = new JunicornServerContainer(getClass().getClassLoader());
        container.addEndpoint(Everything.class);
        DeploymentException invalid = assertThrows(DeploymentException.class, () -> container.addEndpoint(NoDecoder.class));
        assertTrue(invalid.getMessage().contains("point"), invalid.getMessage());
        assertEquals(Set.of("room", "seat"), container.match("/rooms/a/1").pathParameters().keySet());
        container.endDeployment();
        assertThrows(IllegalStateException.class, () -> container.addEndpoint(WholeKinds.class));
    }
}
