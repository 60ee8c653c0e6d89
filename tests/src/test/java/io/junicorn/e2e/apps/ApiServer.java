package io.junicorn.e2e.apps;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A main-mode application using the com.sun.net.httpserver API the way JDK-server apps do: several contexts,
 * filters that wrap the streams, an Authenticator, chunked and bodiless responses, attributes, addresses and
 * SimpleFileServer. It asks for port 9 on every address; junicorn serves it on its own listeners.
 */
public final class ApiServer {
    private ApiServer() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", 9), 0);
        server.createContext("/", exchange -> SpecApps.reply(exchange, "root " + exchange.getHttpContext().getPath()));
        server.createContext("/api", exchange -> SpecApps.reply(exchange, "api " + exchange.getHttpContext().getPath()));
        server.createContext("/api/v2", exchange -> SpecApps.reply(exchange, "v2 " + exchange.getHttpContext().getPath()));
        HttpContext removed = server.createContext("/removed", exchange -> SpecApps.reply(exchange, "removed"));
        server.removeContext(removed);
        server.createContext("/duplicate", exchange -> SpecApps.reply(exchange, "first"));
        try {
            server.createContext("/duplicate", exchange -> SpecApps.reply(exchange, "second"));
            throw new IllegalStateException("a duplicate context was accepted");
        } catch (IllegalArgumentException expected) {
            // as the JDK: one context per path
        }

        HttpContext filtered = server.createContext("/filtered", exchange -> {
            String seen = "attribute=" + exchange.getAttribute("filter.saw") + " context="
                    + exchange.getHttpContext().getAttributes().get("greeting");
            SpecApps.reply(exchange, seen);
        });
        filtered.getAttributes().put("greeting", "hi");
        filtered.getFilters().add(Filter.beforeHandler("sets an attribute", exchange -> {
            exchange.setAttribute("filter.saw", exchange.getRequestMethod());
            exchange.getResponseHeaders().set("X-Filter", "before");
        }));
        filtered.getFilters().add(new UpperCase());
        filtered.getFilters().add(Filter.afterHandler("sees the status", exchange ->
                System.err.println("after-filter saw status " + exchange.getResponseCode())));

        HttpContext secure = server.createContext("/secure", exchange ->
                SpecApps.reply(exchange, "principal=" + exchange.getPrincipal().getUsername() + "@"
                        + exchange.getPrincipal().getRealm()));
        secure.setAuthenticator(new BasicAuthenticator("api") {
            @Override
            public boolean checkCredentials(String user, String password) {
                return user.equals("ann") && password.equals("secret");
            }
        });

        server.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    out.write(("part" + i + ";").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        });
        server.createContext("/nobody", exchange -> {
            exchange.getResponseHeaders().set("X-Empty", "yes");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/upload", exchange -> {
            long total = 0;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] buffer = new byte[1000];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                }
            }
            SpecApps.reply(exchange, "received " + total);
        });
        server.createContext("/addresses", exchange -> SpecApps.reply(exchange, "remote="
                + exchange.getRemoteAddress().getAddress().getHostAddress() + " local="
                + exchange.getLocalAddress().getPort() + " server=" + server.getAddress().getPort()));
        server.createContext("/files", SimpleFileServer.createFileHandler(
                Path.of(System.getProperty("api.files")).toAbsolutePath()));
        server.start();
    }

    /** Upper-cases the response body by wrapping the exchange's output stream, as compressing filters do. */
    private static final class UpperCase extends Filter {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            OutputStream original = exchange.getResponseBody();
            exchange.setStreams(null, new FilterOutputStream(original) {
                @Override
                public void write(int b) throws IOException {
                    out.write(Character.toUpperCase(b));
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    for (int i = off; i < off + len; i++) {
                        write(b[i]);
                    }
                }
            });
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "upper-cases the body";
        }
    }
}
