package io.junicorn.websocket;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathTemplateTest {
    public static class Plain extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
        }
    }

    @Test
    void variablesMatchOneWholeSegment() throws DeploymentException {
        PathTemplate template = PathTemplate.parse("/chat/{room}/users/{user}");
        assertEquals(Map.of("room", "lobby", "user", "ann"), template.match("/chat/lobby/users/ann"));
        assertNull(template.match("/chat/lobby/users"));
        assertNull(template.match("/chat//users/ann"), "a variable never matches an empty segment");
        assertNull(template.match("/chat/lobby/people/ann"));
        assertEquals(Map.of(), PathTemplate.parse("/").match("/"));
        assertNull(PathTemplate.parse("/").match("/a"));
    }

    @Test
    void malformedPathsAreRefused() {
        for (String path : new String[] {"chat", "/chat//x", "/chat/{}", "/chat/a{room}", "/{a}/{a}", "/a/"}) {
            assertThrows(DeploymentException.class, () -> PathTemplate.parse(path), path);
        }
    }

    @Test
    void exactPathWinsThenLiteralSegmentsFromTheLeft() throws DeploymentException {
        EndpointRegistry registry = new EndpointRegistry();
        registry.add(config("/a/{x}/c"));
        registry.add(config("/a/b/{y}"));
        registry.add(config("/{z}/b/c"));
        registry.add(config("/a/b/c"));
        assertEquals("/a/b/c", registry.match("/a/b/c").endpoint().config().getPath());
        assertEquals("/a/b/{y}", registry.match("/a/b/d").endpoint().config().getPath());
        assertEquals(Map.of("y", "d"), registry.match("/a/b/d").pathParameters());
        assertEquals("/a/{x}/c", registry.match("/a/q/c").endpoint().config().getPath());
        assertEquals("/{z}/b/c", registry.match("/q/b/c").endpoint().config().getPath());
        assertNull(registry.match("/q/q/q"));
    }

    @Test
    void twoEndpointsCannotTakeTheSamePaths() throws DeploymentException {
        EndpointRegistry registry = new EndpointRegistry();
        registry.add(config("/chat/{room}"));
        registry.add(config("/echo"));
        DeploymentException sameShape = assertThrows(DeploymentException.class, () -> registry.add(config("/chat/{name}")));
        assertTrue(sameShape.getMessage().contains("/chat/{room}"), sameShape.getMessage());
        assertThrows(DeploymentException.class, () -> registry.add(config("/echo")));
    }

    private static ServerEndpointConfig config(String path) {
        return ServerEndpointConfig.Builder.create(Plain.class, path).build();
    }
}
