package io.junicorn.master.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.junicorn.common.settings.BindAddress;
import io.junicorn.common.settings.SettingsException;
import io.junicorn.master.arbiter.MasterControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} on --metrics-bind, served by the JDK's small HTTP server on one thread of the master:
 * it is an internal endpoint for a scraper, never the application's traffic, which only workers touch.
 */
final class MetricsEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);
    static final String PATH = "/metrics";

    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    static MetricsEndpoint start(String bind, MasterControl control, RequestTotals totals,
                                 java.util.function.Supplier<java.util.OptionalInt> backlog) {
        BindAddress address;
        try {
            address = BindAddress.parse(bind);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("metrics_bind = " + bind + ": " + e.getMessage());
        }
        if (address.isUnix()) {
            throw new SettingsException("metrics_bind = " + bind + ": give HOST:PORT; scrapers speak TCP");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 16);
        } catch (IOException e) {
            throw new SettingsException("metrics_bind = " + bind + ": cannot bind: " + e.getMessage());
        }
        server.createContext(PATH, exchange -> answer(exchange, control, totals, backlog));
        server.start();
        // The e2e tests read the port from this line.
        log.info("Metrics at: {}{}", address.url(server.getAddress().getPort()), PATH);
        return new MetricsEndpoint(server);
    }

    private static void answer(HttpExchange exchange, MasterControl control, RequestTotals totals,
                               java.util.function.Supplier<java.util.OptionalInt> backlog) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
            byte[] body = PrometheusText.render(control.status(), totals.totals(), backlog.get(), openMetrics)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type",
                    openMetrics ? PrometheusText.OPENMETRICS_TYPE : PrometheusText.PROMETHEUS_TYPE);
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
