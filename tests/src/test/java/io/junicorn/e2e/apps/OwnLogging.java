package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An application with its own SLF4J and Logback (other versions than junicorn's) and its own logback.xml
 * (IsolationTest): it logs each request, and answers with the jar its Logback came from.
 */
public final class OwnLogging implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(OwnLogging.class);

    public OwnLogging() {
        log.info("started");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        log.info("{} {}", exchange.getRequestMethod(), exchange.getRequestURI());
        Class<?> factory = LoggerFactory.getILoggerFactory().getClass();
        byte[] body = (factory.getName() + " from " + factory.getProtectionDomain().getCodeSource().getLocation())
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
