package io.junicorn.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * RequestDispatcher: forward and include to a path (with its own query string) or to a named servlet.
 * A path that maps to no servlet gives a 404, as a request to it would.
 */
final class Dispatcher implements RequestDispatcher {
    private final AppServletContext context;
    private final ServletHolder named;
    private final String uri;
    private final String query;
    private final String path;

    private Dispatcher(AppServletContext context, ServletHolder named, String uri, String query, String path) {
        this.context = context;
        this.named = named;
        this.uri = uri;
        this.query = query;
        this.path = path;
    }

    /** A dispatcher for a context-relative path such as "/view?x=1" (not yet decoded). */
    static Dispatcher forPath(AppServletContext context, String target) {
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? null : target.substring(question + 1);
        try {
            return new Dispatcher(context, null, context.getContextPath() + rawPath, query, RequestPath.decode(rawPath));
        } catch (RequestPath.BadPathException e) {
            return null;
        }
    }

    static Dispatcher forServlet(AppServletContext context, ServletHolder servlet) {
        return new Dispatcher(context, servlet, null, null, null);
    }

    /** ServletRequest.getRequestDispatcher: a relative path is relative to the current servlet path and path info. */
    static Dispatcher relativeTo(AppServletContext context, String servletPath, String pathInfo, String target) {
        if (target == null) {
            return null;
        }
        if (target.startsWith("/")) {
            return forPath(context, target);
        }
        String current = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        String base = current.substring(0, current.lastIndexOf('/') + 1);
        return forPath(context, (base.isEmpty() ? "/" : base) + target);
    }

    private Optional<ServletMapping> target() {
        if (named != null) {
            return Optional.empty();
        }
        return context.mapper().map(path);
    }

    @Override
    public void forward(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        if (response.isCommitted()) {
            throw new IllegalStateException("forward after the response was committed");
        }
        response.resetBuffer();
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse httpResponse = (HttpServletResponse) response;
        ContainerRequest base = Invocation.containerRequest(request);
        if (named != null) {
            Invocation.run(context, DispatcherType.FORWARD, DispatchedRequest.namedForward(http), response, named,
                    null);
        } else {
            Optional<ServletMapping> target = target();
            if (target.isEmpty()) {
                httpResponse.sendError(HttpServletResponse.SC_NOT_FOUND);
            } else {
                DispatchedRequest forwarded = DispatchedRequest.forward(http, target.get(), uri, query);
                Invocation.run(context, DispatcherType.FORWARD, forwarded, response, target.get().servlet(),
                        target.get());
            }
        }
        // section 9.4: the response is sent and closed before forward returns, unless async began or an error
        // page is still owed
        ContainerResponse container = base.containerResponse();
        if (!base.isAsyncStarted() && !container.isSuspended()) {
            container.output().finish();
        }
    }

    @Override
    public void include(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        HttpServletRequest http = (HttpServletRequest) request;
        IncludedResponse included = new IncludedResponse((HttpServletResponse) response);
        if (named != null) {
            Invocation.run(context, DispatcherType.INCLUDE, DispatchedRequest.include(http, null, null, null),
                    included, named, null);
            return;
        }
        Optional<ServletMapping> target = target();
        if (target.isEmpty()) {
            throw new ServletException("include: no servlet is mapped to " + path);
        }
        Invocation.run(context, DispatcherType.INCLUDE, DispatchedRequest.include(http, target.get(), uri, query),
                included, target.get().servlet(), target.get());
    }
}
