package io.junicorn.examples.websocket;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.Set;

/**
 * What the container deploys, found by its scan of the war as Tomcat's is: every annotated endpoint it found
 * ({@link EchoEndpoint}, {@link ChatRoom}), and {@link StatsEndpoint}, which has no annotation, at /stats. Without a
 * ServerApplicationConfig the annotated endpoints are deployed all the same; a programmatic one needs this (or a
 * ServletContextListener calling ServerContainer.addEndpoint).
 */
public class ExampleConfig implements ServerApplicationConfig {
    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        return Set.of(ServerEndpointConfig.Builder.create(StatsEndpoint.class, "/stats").build());
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return scanned;
    }
}
