package io.junicorn.bench.websocket;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;

/**
 * The echo endpoint of scripts/bench-websocket, one class deployed alike on junicorn (the script packs it alone into a
 * war) and on embedded Tomcat ({@code TomcatWebSocketServer}): whole messages, answered by returning them, within each
 * container's default message size. Not the websocket example's EchoEndpoint: its 4 MiB maxMessageSize makes Tomcat
 * hold 4 MiB buffers per session, which would measure a setting, not a server.
 */
@ServerEndpoint("/echo")
public class BenchEcho {
    @OnMessage
    public String text(String message) {
        return message;
    }

    @OnMessage
    public ByteBuffer binary(ByteBuffer message) {
        return message;
    }
}
