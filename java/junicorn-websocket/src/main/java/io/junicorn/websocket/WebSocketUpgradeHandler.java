package io.junicorn.websocket;

import io.junicorn.servlet.JunicornWebConnection;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

/**
 * The Servlet upgrade's handler (HttpServletRequest.upgrade makes it through the context, so it is public with a
 * public constructor): the handshake prepares it, and init, on the virtual thread the engine gives the upgraded
 * connection once the 101 is sent, runs the session until its connection closes.
 */
public final class WebSocketUpgradeHandler implements HttpUpgradeHandler {
    private SessionSetup setup;

    void prepare(SessionSetup setup) {
        this.setup = setup;
    }

    @Override
    public void init(WebConnection connection) {
        if (setup == null) {
            throw new IllegalStateException("a WebSocketUpgradeHandler is made by junicorn's WebSocket handshake only");
        }
        if (!(connection instanceof JunicornWebConnection junicorn)) {
            throw new IllegalStateException("junicorn's WebSocket container runs on junicorn's Servlet container only,"
                    + " not on " + connection.getClass().getName());
        }
        new WsSession(setup, junicorn.connection()).run();
    }

    @Override
    public void destroy() {
    }
}
