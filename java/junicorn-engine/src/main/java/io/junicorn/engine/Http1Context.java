package io.junicorn.engine;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The context of an exchange nobody routed ({@link RoutedExchange}): the engine used on its own, as in tests and
 * benchmarks. Path "/", the connection's handler, no filters. A worker routes every exchange to one of the
 * application's contexts instead.
 */
final class Http1Context extends HttpContext {
    private volatile HttpHandler handler;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile Authenticator authenticator;

    Http1Context(HttpHandler handler) {
        this.handler = handler;
    }

    @Override
    public HttpHandler getHandler() {
        return handler;
    }

    @Override
    public void setHandler(HttpHandler handler) {
        this.handler = handler;
    }

    @Override
    public String getPath() {
        return "/";
    }

    /** There is no {@code HttpServer} object in a junicorn worker. */
    @Override
    public HttpServer getServer() {
        return null;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public List<Filter> getFilters() {
        return List.of();
    }

    /** Kept for the application to read back; junicorn does not run authenticators. */
    @Override
    public Authenticator setAuthenticator(Authenticator auth) {
        Authenticator previous = authenticator;
        authenticator = auth;
        return previous;
    }

    @Override
    public Authenticator getAuthenticator() {
        return authenticator;
    }
}
