package io.junicorn.servlet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The container as the engine sees it: one HttpHandler that turns each exchange into a servlet request, maps
 * it, runs its filters and servlet, serves error pages and async cycles, and finishes the response. Closing it
 * destroys the application (servlets, filters, then context listeners).
 */
public final class ServletHandler implements HttpHandler, AutoCloseable {
    private final AppServletContext context;
    /** Requests being served; guarded by this, so that the last one out completes {@link #idle}. */
    private int inFlight;
    private CompletableFuture<Boolean> idle;

    ServletHandler(AppServletContext context) {
        this.context = context;
    }

    /** The application's ServletContext, for tests and for code that embeds the container. */
    public jakarta.servlet.ServletContext servletContext() {
        return context;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        synchronized (this) {
            inFlight++;
        }
        try {
            serve(exchange);
        } finally {
            synchronized (this) {
                if (--inFlight == 0 && idle != null) {
                    idle.complete(true);
                }
            }
        }
    }

    /** Completes once no request is in flight: at once when none is. */
    synchronized CompletionStage<Boolean> whenIdle() {
        if (idle == null) {
            idle = new CompletableFuture<>();
        }
        if (inFlight == 0) {
            idle.complete(true);
        }
        return idle;
    }

    private void serve(HttpExchange exchange) throws IOException {
        String[] target = ContainerRequest.target(exchange);
        String path;
        try {
            path = RequestPath.decode(target[0]);
        } catch (RequestPath.BadPathException e) {
            refuse(exchange, e.getMessage());
            return;
        }
        String contextPath = context.getContextPath();
        if (!contextPath.isEmpty()) {
            if (path.equals(contextPath)) {
                // Tomcat's answer for the context root without its slash, so that relative links resolve inside it
                redirect(exchange, target[0] + "/" + (target[1] == null ? "" : "?" + target[1]));
                return;
            }
            if (!path.startsWith(contextPath + "/")) {
                notFound(exchange);
                return;
            }
            path = path.substring(contextPath.length());
        }
        ContainerRequest request = new ContainerRequest(context, exchange, target[0], target[1], path);
        ContainerResponse response = new ContainerResponse(request, exchange);
        request.response(response);
        boolean answered = false;
        context.listeners().requestInitialized(context, request);
        try {
            try {
                serve(request, response);
            } finally {
                // before the response is finished, as Tomcat does: the request is out of the application's hands
                context.listeners().requestDestroyed(context, request);
            }
            response.output().finish();
            answered = true;
        } finally {
            request.cleanUp();
            if (answered) {
                exchange.close(); // else the engine cuts the connection: the client must not see a whole response
            }
        }
    }

    private void serve(ContainerRequest request, ContainerResponse response) throws IOException {
        Optional<ServletMapping> mapping = context.mapper().map(request.path());
        if (mapping.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            ErrorDispatch.afterDispatch(request, request, null, null);
            return;
        }
        request.mapping(mapping.get());
        Throwable failure = null;
        try {
            Invocation.run(context, DispatcherType.REQUEST, request, response, mapping.get().servlet(), mapping.get());
        } catch (Throwable e) {
            // Tomcat's rule: anything the application throws becomes a 500 (a NoClassDefFoundError from a missing
            // library included, and a StackOverflowError, whose stack unwound), except a VirtualMachineError,
            // after which the JVM should not be trusted: the engine answers it and the worker retires
            if (e instanceof VirtualMachineError error && !(error instanceof StackOverflowError)) {
                throw error;
            }
            failure = e;
        }
        if (request.isAsyncStarted()) {
            if (failure == null) {
                request.asyncState().awaitCompletion();
            } else {
                request.asyncState().failed(failure, mapping.get().getServletName());
            }
            return;
        }
        ErrorDispatch.afterDispatch(request, request, mapping.get().getServletName(), failure);
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** Outside the context path: no application is there to answer, as in Tomcat without a ROOT application. */
    private static void notFound(HttpExchange exchange) throws IOException {
        byte[] body = "404 Not Found\n".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
        exchange.sendResponseHeaders(404, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** A path the container will not map (RequestPath): 400 before any application code sees it. */
    private static void refuse(HttpExchange exchange, String reason) throws IOException {
        byte[] body = ("400 Bad Request: " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain;charset=UTF-8");
        exchange.sendResponseHeaders(400, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        context.destroy();
    }
}
