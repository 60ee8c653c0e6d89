package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * What an application sees of its JVM, asked through its own class loader (IsolationTest):
 * {@code GET /class?NAME} answers the loader that defines class NAME, or {@code ClassNotFoundException};
 * {@code GET /resource?NAME} where resource NAME is found, or {@code none}; {@code GET /context} whether the
 * request thread's context class loader is the application's ({@code own}) or which one it is.
 */
public final class LoaderProbe implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        ClassLoader own = LoaderProbe.class.getClassLoader();
        String query = exchange.getRequestURI().getQuery();
        String answer = switch (exchange.getRequestURI().getPath()) {
            case "/class" -> definingLoader(own, query);
            case "/resource" -> {
                URL url = own.getResource(query);
                yield url == null ? "none" : url.toString();
            }
            case "/context" -> contextLoader(own);
            default -> "?";
        };
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The loader that defines class NAME as this class's loader finds it: own, junicorn, jdk, or not found. */
    static String definingLoader(ClassLoader own, String name) {
        try {
            ClassLoader loader = Class.forName(name, false, own).getClassLoader();
            return loader == own ? "own" : loader == null || loader == ClassLoader.getPlatformClassLoader() ? "jdk"
                    : "server " + loader.getName();
        } catch (ClassNotFoundException e) {
            return "ClassNotFoundException";
        }
    }

    static String contextLoader(ClassLoader own) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context == own ? "own" : String.valueOf(context);
    }
}
