package io.junicorn.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request as a forwarded, included, error or async dispatch sees it (Servlet 6.1 chapter 9): the path
 * methods describe the target (except for an include, which keeps the caller's paths), the dispatch's special
 * attributes describe the other side, and a query string in the target's path adds parameters ahead of the
 * request's own.
 */
final class DispatchedRequest extends HttpServletRequestWrapper {
    private final DispatcherType type;
    private final ServletMapping target;
    private final String requestUri;
    private final String queryString;
    private final Map<String, Object> special;
    private final String targetQuery;
    private Map<String, List<String>> parameters;

    private DispatchedRequest(HttpServletRequest request, DispatcherType type, ServletMapping target,
                              String requestUri, String queryString, String targetQuery, Map<String, Object> special) {
        super(request);
        this.type = type;
        this.target = target;
        this.requestUri = requestUri;
        this.queryString = queryString;
        this.targetQuery = targetQuery;
        this.special = special;
    }

    /** A forward: the target's paths; forward.* hold the paths the caller had (set once, by the first forward). */
    static DispatchedRequest forward(HttpServletRequest request, ServletMapping target, String uri, String query) {
        Map<String, Object> special = new HashMap<>();
        if (request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) == null) {
            special.put(RequestDispatcher.FORWARD_REQUEST_URI, request.getRequestURI());
            special.put(RequestDispatcher.FORWARD_CONTEXT_PATH, request.getContextPath());
            putIfNotNull(special, RequestDispatcher.FORWARD_SERVLET_PATH, request.getServletPath());
            putIfNotNull(special, RequestDispatcher.FORWARD_PATH_INFO, request.getPathInfo());
            putIfNotNull(special, RequestDispatcher.FORWARD_QUERY_STRING, request.getQueryString());
            putIfNotNull(special, RequestDispatcher.FORWARD_MAPPING, request.getHttpServletMapping());
        }
        return new DispatchedRequest(request, DispatcherType.FORWARD, target, uri,
                query != null ? query : request.getQueryString(), query, special);
    }

    /**
     * A forward to a named servlet: the caller's paths and no forward.* attributes (section 9.4.2), but the
     * dispatcher type is FORWARD all the same.
     */
    static DispatchedRequest namedForward(HttpServletRequest request) {
        return new DispatchedRequest(request, DispatcherType.FORWARD, null, null, null, null, new HashMap<>());
    }

    /** An include: the caller's paths; include.* describe the included target. */
    static DispatchedRequest include(HttpServletRequest request, ServletMapping target, String uri, String query) {
        Map<String, Object> special = new HashMap<>();
        if (target != null) {
            special.put(RequestDispatcher.INCLUDE_REQUEST_URI, uri);
            special.put(RequestDispatcher.INCLUDE_CONTEXT_PATH, "");
            putIfNotNull(special, RequestDispatcher.INCLUDE_SERVLET_PATH, target.servletPath());
            putIfNotNull(special, RequestDispatcher.INCLUDE_PATH_INFO, target.pathInfo());
            putIfNotNull(special, RequestDispatcher.INCLUDE_QUERY_STRING, query);
            special.put(RequestDispatcher.INCLUDE_MAPPING, target);
        }
        return new DispatchedRequest(request, DispatcherType.INCLUDE, null, null, null, query, special);
    }

    /** An error dispatch to the error page; error.* describe the failed request. */
    static DispatchedRequest error(HttpServletRequest request, ServletMapping target, String uri, String query,
                                   Map<String, Object> errorAttributes) {
        return new DispatchedRequest(request, DispatcherType.ERROR, target, uri,
                query != null ? query : request.getQueryString(), query, new HashMap<>(errorAttributes));
    }

    /** An AsyncContext.dispatch; async.* hold the paths of the request that started async. */
    static DispatchedRequest async(HttpServletRequest original, HttpServletRequest request, ServletMapping target,
                                   String uri, String query) {
        Map<String, Object> special = new HashMap<>();
        special.put(AsyncContext.ASYNC_REQUEST_URI, original.getRequestURI());
        special.put(AsyncContext.ASYNC_CONTEXT_PATH, original.getContextPath());
        putIfNotNull(special, AsyncContext.ASYNC_SERVLET_PATH, original.getServletPath());
        putIfNotNull(special, AsyncContext.ASYNC_PATH_INFO, original.getPathInfo());
        putIfNotNull(special, AsyncContext.ASYNC_QUERY_STRING, original.getQueryString());
        putIfNotNull(special, AsyncContext.ASYNC_MAPPING, original.getHttpServletMapping());
        return new DispatchedRequest(request, DispatcherType.ASYNC, target, uri,
                query != null ? query : original.getQueryString(), query, special);
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    @Override
    public DispatcherType getDispatcherType() {
        return type;
    }

    @Override
    public String getRequestURI() {
        return target == null ? super.getRequestURI() : requestUri;
    }

    @Override
    public StringBuffer getRequestURL() {
        return ContainerRequest.requestUrl(this, getRequestURI());
    }

    @Override
    public String getServletPath() {
        return target == null ? super.getServletPath() : target.servletPath();
    }

    @Override
    public String getPathInfo() {
        return target == null ? super.getPathInfo() : target.pathInfo();
    }

    @Override
    public String getPathTranslated() {
        String pathInfo = getPathInfo();
        return pathInfo == null ? null : getServletContext().getRealPath(pathInfo);
    }

    @Override
    public String getQueryString() {
        return target == null ? super.getQueryString() : queryString;
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return target == null ? super.getHttpServletMapping() : target;
    }

    /**
     * A relative path is relative to the servlet being run: for an include that is the included one, whose
     * paths are in the include.* attributes (the path methods keep the caller's), as Tomcat resolves it.
     */
    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        AppServletContext context = (AppServletContext) getServletContext();
        if (type == DispatcherType.INCLUDE && special.containsKey(RequestDispatcher.INCLUDE_REQUEST_URI)) {
            return Dispatcher.relativeTo(context, (String) special.get(RequestDispatcher.INCLUDE_SERVLET_PATH),
                    (String) special.get(RequestDispatcher.INCLUDE_PATH_INFO), path);
        }
        return Dispatcher.relativeTo(context, getServletPath(), getPathInfo(), path);
    }

    @Override
    public Object getAttribute(String name) {
        if (special.containsKey(name)) {
            return special.get(name);
        }
        return super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        Set<String> names = new LinkedHashSet<>(Collections.list(super.getAttributeNames()));
        names.addAll(special.keySet());
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (special.containsKey(name)) {
            special.put(name, value);
        } else {
            super.setAttribute(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        if (special.containsKey(name)) {
            special.remove(name);
        } else {
            super.removeAttribute(name);
        }
    }

    @Override
    public String getParameter(String name) {
        return Parameters.first(parameters(), name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Parameters.names(parameters());
    }

    @Override
    public String[] getParameterValues(String name) {
        return Parameters.values(parameters(), name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return Parameters.asMap(parameters());
    }

    /**
     * The target's query parameters first (UTF-8, like the request's own query), then the request's (section
     * 9.1.1).
     */
    private Map<String, List<String>> parameters() {
        if (parameters == null) {
            Map<String, List<String>> own = new LinkedHashMap<>();
            Parameters.parse(targetQuery, StandardCharsets.UTF_8, own);
            Map<String, List<String>> inherited = new LinkedHashMap<>();
            super.getParameterMap().forEach((name, values) -> inherited.put(name, List.of(values)));
            parameters = Parameters.merge(own, inherited);
        }
        return parameters;
    }
}
