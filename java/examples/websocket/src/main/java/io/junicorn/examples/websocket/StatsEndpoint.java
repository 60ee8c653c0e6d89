package io.junicorn.examples.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A programmatic endpoint (registered by {@link ExampleConfig}, no annotation): to any text message it answers
 * {@code {"pid":1234,"sessions":17}}, the process serving it and the sessions open there. Behind junicorn each
 * worker is a process of its own, so the pid says which worker (and, after a reload, which generation) took the
 * session.
 */
public class StatsEndpoint extends Endpoint {
    private static final long PID = ProcessHandle.current().pid();

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        OpenSessions.opened();
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) message -> {
            try {
                session.getBasicRemote().sendText("{\"pid\":" + PID + ",\"sessions\":" + OpenSessions.count() + "}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        OpenSessions.closed();
    }
}
