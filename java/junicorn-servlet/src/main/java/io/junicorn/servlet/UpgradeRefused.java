package io.junicorn.servlet;

import jakarta.servlet.ServletException;

/**
 * What {@code HttpServletRequest.upgrade} throws where the connection cannot be taken over: the engine offered no
 * {@code ConnectionUpgrade} (a gthread or sync worker, HTTP/2, an HTTP/1.0 request, the JDK's HttpServer). One that
 * escapes a servlet is answered 501 with this message, and one WARN line.
 */
public final class UpgradeRefused extends ServletException {
    static final String MESSAGE = "HTTP upgrade needs an HTTP/1.1 connection on a worker class that hands connections"
            + " over: virtual or nio (-k virtual, -k nio); this request's connection cannot be taken over (gthread,"
            + " sync, HTTP/2 and the JDK's HttpServer do not)";

    public UpgradeRefused() {
        super(MESSAGE);
    }
}
