package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** An application whose every worker dies while loading it, with a status that is not 3 or 4. */
public final class CrashOnBoot implements HttpHandler {
    public CrashOnBoot() {
        Runtime.getRuntime().halt(1);
    }

    @Override
    public void handle(HttpExchange exchange) {
        throw new IllegalStateException("never reached");
    }
}
