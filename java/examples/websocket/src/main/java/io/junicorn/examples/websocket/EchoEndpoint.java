package io.junicorn.examples.websocket;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;

/**
 * Sends every message back as it came: a text message as text, a binary one as binary. What an {@code @OnMessage}
 * method returns is the answer, sent by the container on the session's basic remote. Messages of up to 4 MiB are
 * taken whole (a larger one closes the session with 1009). A container may hold a buffer of that size for each session
 * (Tomcat does): an endpoint that takes large messages can take them in parts ({@code @OnMessage} with a
 * {@code boolean last} parameter) instead.
 */
@ServerEndpoint("/echo")
public class EchoEndpoint {
    static final long MAX_MESSAGE_BYTES = 4 << 20;

    @OnOpen
    public void open() {
        OpenSessions.opened();
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public String text(String message) {
        return message;
    }

    @OnMessage(maxMessageSize = MAX_MESSAGE_BYTES)
    public ByteBuffer binary(ByteBuffer message) {
        return message;
    }

    @OnClose
    public void close() {
        OpenSessions.closed();
    }
}
