package io.junicorn.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * One dispatch through the filters mapped for its dispatcher type, then the servlet: the FilterChain
 * (Servlet 6.1 section 6.2.4). Async is allowed in the dispatch only when the servlet and every filter of the
 * chain support it.
 */
final class Invocation implements FilterChain {
    private final List<FilterHolder> filters;
    private final ServletHolder servlet;
    private int next;

    private Invocation(List<FilterHolder> filters, ServletHolder servlet) {
        this.filters = filters;
        this.servlet = servlet;
    }

    /**
     * Runs {@code servlet} (chosen by {@code mapping}, or by name when mapping is null) behind its filters. A
     * named dispatch has no path, so only filters mapped by servlet name apply to it, as in Tomcat.
     */
    static void run(AppServletContext context, DispatcherType type, ServletRequest request, ServletResponse response,
                    ServletHolder servlet, ServletMapping mapping) throws ServletException, IOException {
        String filterPath = mapping == null ? null
                : mapping.servletPath() + (mapping.pathInfo() == null ? "" : mapping.pathInfo());
        List<FilterHolder> filters = context.filterMappings().chainFor(type, filterPath, servlet.getName());
        ContainerRequest base = containerRequest(request);
        boolean previous = base.isAsyncSupported();
        base.asyncSupported(servlet.isAsyncSupported() && filters.stream().allMatch(FilterHolder::isAsyncSupported));
        try {
            new Invocation(filters, servlet).doFilter(request, response);
        } finally {
            base.asyncSupported(previous);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
        if (next < filters.size()) {
            filters.get(next++).filter().doFilter(request, response, this);
            return;
        }
        servlet.servlet().service(request, response);
    }

    /** The container's request under whatever wrappers filters and dispatches put around it. */
    static ContainerRequest containerRequest(ServletRequest request) {
        ServletRequest current = request;
        while (!(current instanceof ContainerRequest)) {
            if (current instanceof ServletRequestWrapper wrapper) {
                current = wrapper.getRequest();
            } else {
                throw new IllegalArgumentException("not a request junicorn passed to the application, nor a"
                        + " ServletRequestWrapper around one: " + request.getClass().getName());
            }
        }
        return (ContainerRequest) current;
    }
}
