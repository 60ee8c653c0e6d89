package io.junicorn.engine;

import java.util.function.Consumer;

/**
 * The exchange attribute {@link ExchangeAttributes#CONNECTION_UPGRADE} of an exchange whose connection can be
 * taken over after a 101: an HTTP/1.1 request on a worker class that offers it (virtual, nio; never gthread,
 * sync, HTTP/2, the JDK's HttpServer).
 */
@FunctionalInterface
public interface ConnectionUpgrade {
    /**
     * Asks for the connection once the response is a 101. Called before the head is sent; the handler then sends
     * {@code 101} with its {@code Connection} and {@code Upgrade} fields (as it sets them; no body) and closes the
     * exchange; the engine writes the head, stops HTTP on this connection and calls
     * {@code protocol.accept(connection)} on a virtual thread (the session's reader; it may block as long as the
     * session lives). Any other status is an ordinary response and the protocol is never called. The connection
     * counts against --worker-connections until it closes.
     *
     * @throws IllegalStateException when the head was sent already, or an upgrade was asked for already
     */
    void upgradeAfterResponse(Consumer<UpgradedConnection> protocol);
}
