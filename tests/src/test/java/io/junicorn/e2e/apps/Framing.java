package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The application behind SmugglingTest. Every answer names the request it answers ({@code path=P body=N}),
 * so a smuggled request that got through shows. /ignore answers without reading the body; /split tries
 * to put CR LF into a response header; anything else reads the whole body first.
 */
public final class Framing implements HttpHandler {

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            long body = 0;
            if (path.equals("/split")) {
                // Headers lets CR LF through when a space follows (obs-fold): the engine must refuse it
                exchange.getResponseHeaders().set("X-Split", "a\r\n X-Injected: yes");
            } else if (!path.equals("/ignore")) {
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes().length;
                }
            }
            byte[] out = ("path=" + path + " body=" + body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(out);
            }
        }
    }
}
