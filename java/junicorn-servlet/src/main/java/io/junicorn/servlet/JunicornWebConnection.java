package io.junicorn.servlet;

import io.junicorn.engine.UpgradedConnection;
import jakarta.servlet.http.WebConnection;

/**
 * What {@code HttpUpgradeHandler.init} receives from junicorn: besides the Servlet streams, the connection itself,
 * so that a protocol written for junicorn (its WebSocket container) reads and writes ByteBuffers directly and says
 * goodbye when the worker retires ({@link UpgradedConnection#onGoingAway}). init() runs on the session's virtual
 * thread and may block reading until the connection ends.
 */
public interface JunicornWebConnection extends WebConnection {
    UpgradedConnection connection();
}
