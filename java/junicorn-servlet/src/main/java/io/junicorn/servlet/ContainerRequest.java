package io.junicorn.servlet;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.engine.ConnectionUpgrade;
import io.junicorn.engine.ExchangeAttributes;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HttpServletRequest over the engine's HttpExchange, as the request reaches its first servlet (dispatcher
 * type REQUEST). Forward, include, error and async dispatches wrap it ({@link DispatchedRequest}).
 *
 * <p>The scheme is what a trusted proxy reported (the engine's "io.junicorn.request.scheme" attribute) and the
 * remote address is the exchange's, which the engine has already taken from X-Forwarded-For when the peer is
 * in forwarded_allow_ips.
 */
final class ContainerRequest implements HttpServletRequest {
    private static final String SCHEME_ATTRIBUTE = "io.junicorn.request.scheme";
    private static final String TARGET_ATTRIBUTE = "io.junicorn.request.target";
    private static final AtomicLong REQUEST_IDS = new AtomicLong();
    /** Tomcat's maxPostSize: form parameters are held in memory, so their body is bounded. */
    static final int MAX_FORM_BYTES = 2 * 1024 * 1024;

    private final AppServletContext context;
    private final HttpExchange exchange;
    private final String rawPath;
    private final String queryString;
    private final String path;
    private final String requestId = Long.toString(REQUEST_IDS.incrementAndGet());
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private ContainerResponse response;
    private ServletMapping mapping;
    private String characterEncoding;
    private Map<String, List<String>> parameters;
    private Cookie[] cookies;
    private RequestInput input;
    private BufferedReader reader;
    private List<FormPart> parts;
    private RequestRejected partsFailure;
    private MemorySession session;
    private String requestedSessionId;
    private boolean requestedSessionIdChecked;
    private AsyncState async;
    private boolean asyncSupported = true;
    private boolean upgrading;

    ContainerRequest(AppServletContext context, HttpExchange exchange, String rawPath, String queryString,
                     String path) {
        this.context = context;
        this.exchange = exchange;
        this.rawPath = rawPath;
        this.queryString = queryString;
        this.path = path;
        this.characterEncoding = ContentTypes.charsetName(getHeader("Content-Type"));
        if (characterEncoding == null) {
            characterEncoding = context.getRequestCharacterEncoding();
        }
    }

    /** The raw request-target split into its path and query, from the engine's attribute when it has one. */
    static String[] target(HttpExchange exchange) {
        Object attribute = exchange.getAttribute(TARGET_ATTRIBUTE);
        String target = attribute instanceof String text ? text : exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        if (!target.startsWith("/")) {
            // absolute-form (a proxy's request line): keep the path and query
            int scheme = target.indexOf("://");
            int slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
            int question = target.indexOf('?');
            target = slash < 0 || question >= 0 && question < slash ? "/" + (question < 0 ? "" : target.substring(question))
                    : target.substring(slash);
        }
        int question = target.indexOf('?');
        return question < 0 ? new String[] {target, null}
                : new String[] {target.substring(0, question), target.substring(question + 1)};
    }

    void response(ContainerResponse response) {
        this.response = response;
    }

    ContainerResponse containerResponse() {
        return response;
    }

    HttpExchange exchange() {
        return exchange;
    }

    AppServletContext context() {
        return context;
    }

    /** The decoded, normalised path within the context, what the servlet was chosen by. */
    String path() {
        return path;
    }

    void mapping(ServletMapping mapping) {
        this.mapping = mapping;
    }

    ServletMapping mapping() {
        return mapping;
    }

    void asyncSupported(boolean supported) {
        this.asyncSupported = supported;
    }

    AsyncState asyncState() {
        return async;
    }

    /** Deletes the multipart temporary files (the request is over). */
    void cleanUp() {
        if (parts != null) {
            parts.forEach(FormPart::deleteQuietly);
        }
    }

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public Cookie[] getCookies() {
        if (cookies == null) {
            cookies = Cookies.parse(headerValues("Cookie"));
        }
        return cookies.length == 0 ? null : cookies.clone();
    }

    @Override
    public long getDateHeader(String name) {
        String value = getHeader(name);
        if (value == null) {
            return -1;
        }
        try {
            return HttpDates.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is not an HTTP date: " + value, e);
        }
    }

    @Override
    public String getHeader(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    private List<String> headerValues(String name) {
        List<String> values = exchange.getRequestHeaders().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(headerValues(name));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(List.copyOf(exchange.getRequestHeaders().keySet()));
    }

    @Override
    public int getIntHeader(String name) {
        String value = getHeader(name);
        return value == null ? -1 : Integer.parseInt(value.strip());
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return mapping;
    }

    @Override
    public String getMethod() {
        return exchange.getRequestMethod();
    }

    @Override
    public String getPathInfo() {
        return mapping == null ? null : mapping.pathInfo();
    }

    @Override
    public String getPathTranslated() {
        String pathInfo = getPathInfo();
        return pathInfo == null ? null : context.getRealPath(pathInfo);
    }

    @Override
    public String getContextPath() {
        return context.getContextPath();
    }

    @Override
    public String getQueryString() {
        return queryString;
    }

    @Override
    public String getRemoteUser() {
        Principal principal = getUserPrincipal();
        return principal == null ? null : principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public Principal getUserPrincipal() {
        return exchange.getPrincipal();
    }

    @Override
    public String getRequestedSessionId() {
        if (!requestedSessionIdChecked) {
            requestedSessionIdChecked = true;
            String name = context.sessions().cookies().getName();
            Cookie[] all = getCookies();
            if (all != null) {
                for (Cookie cookie : all) {
                    if (cookie.getName().equals(name)) {
                        requestedSessionId = cookie.getValue();
                        if (context.sessions().find(requestedSessionId) != null) {
                            break; // several cookies of that name (different paths): the first valid one wins
                        }
                    }
                }
            }
        }
        return requestedSessionId;
    }

    @Override
    public String getRequestURI() {
        return rawPath;
    }

    @Override
    public StringBuffer getRequestURL() {
        return requestUrl(this, getRequestURI());
    }

    static StringBuffer requestUrl(HttpServletRequest request, String uri) {
        StringBuffer url = new StringBuffer(request.getScheme()).append("://");
        String host = request.getServerName();
        url.append(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host);
        int port = request.getServerPort();
        boolean defaultPort = request.getScheme().equals("https") ? port == 443 : port == 80;
        if (!defaultPort) {
            url.append(':').append(port);
        }
        return url.append(uri);
    }

    @Override
    public String getServletPath() {
        return mapping == null ? path : mapping.servletPath();
    }

    @Override
    public HttpSession getSession(boolean create) {
        if (session != null && session.isValid()) {
            return session;
        }
        session = null;
        String id = getRequestedSessionId();
        MemorySession found = context.sessions().find(id);
        if (found != null) {
            found.access();
            session = found;
            return session;
        }
        if (!create) {
            return null;
        }
        if (response.isCommitted()) {
            throw new IllegalStateException("getSession(true) after the response was committed: the session"
                    + " cookie can no longer be sent");
        }
        session = context.sessions().create();
        response.addCookie(context.sessions().cookies().cookie(session.getId(), isSecure()));
        return session;
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        HttpSession current = getSession(false);
        if (current == null) {
            throw new IllegalStateException("changeSessionId without a session");
        }
        String id = context.sessions().changeId(session);
        response.addCookie(context.sessions().cookies().cookie(id, isSecure()));
        return id;
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        String id = getRequestedSessionId();
        return id != null && context.sessions().find(id) != null;
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return getRequestedSessionId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) throws IOException, ServletException {
        throw new ServletException("junicorn has no login configuration: authenticate in a filter");
    }

    @Override
    public void login(String username, String password) throws ServletException {
        throw new ServletException("junicorn has no login configuration: authenticate in a filter");
    }

    @Override
    public void logout() {
        // no container authentication, so nothing to forget
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        return List.copyOf(parts());
    }

    private List<FormPart> parts() throws IOException, ServletException {
        if (partsFailure != null) {
            throw partsFailure; // the body is consumed: the same answer again, as Tomcat gives
        }
        if (parts == null) {
            String contentType = getContentType();
            if (!"multipart/form-data".equals(ContentTypes.mediaType(contentType))) {
                throw new ServletException("the request is not multipart/form-data (Content-Type: " + contentType + ")");
            }
            MultipartConfigElement config = mapping == null ? null : mapping.servlet().multipartConfig();
            if (config == null) {
                throw new IllegalStateException("getParts: servlet " + (mapping == null ? "?" : mapping.getServletName())
                        + " has no MultipartConfig (annotate it with @MultipartConfig or call"
                        + " ServletRegistration.Dynamic.setMultipartConfig)");
            }
            if (input != null || reader != null) {
                throw new IllegalStateException("getParts after the body was read through getInputStream/getReader");
            }
            try {
                parts = MultipartParser.parse(exchange.getRequestBody(), contentType, config);
            } catch (RequestRejected e) {
                partsFailure = e;
                throw e;
            }
        }
        return parts;
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        for (FormPart part : parts()) {
            if (part.getName().equals(name)) {
                return part;
            }
        }
        return null;
    }

    /**
     * Servlet 6.1 §2.3.3.5: the handler is made as the context makes listeners; the application sends the 101 with its
     * Connection and Upgrade fields, and once service() returned and the 101 is out, the engine gives the connection
     * to {@link UpgradeSession} on a virtual thread, which calls init(WebConnection). Where the engine cannot hand the
     * connection over, {@link UpgradeRefused} (501 when it escapes the servlet).
     */
    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
        if (!(exchange.getAttribute(ExchangeAttributes.CONNECTION_UPGRADE) instanceof ConnectionUpgrade connection)) {
            throw new UpgradeRefused();
        }
        if (upgrading) {
            throw new IllegalStateException("upgrade() was called already for this request");
        }
        if (isAsyncStarted()) {
            throw new IllegalStateException("upgrade() after startAsync(): an upgraded request is not asynchronous");
        }
        T handler = context.instantiate(handlerClass);
        connection.upgradeAfterResponse(new UpgradeSession(context, handler));
        upgrading = true;
        return handler;
    }

    /** Whether the application asked for the connection: a 101 it sets is then sent as such. */
    boolean upgrading() {
        return upgrading;
    }

    @Override
    public Map<String, String> getTrailerFields() {
        return Map.of();
    }

    @Override
    public boolean isTrailerFieldsReady() {
        return true;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(List.copyOf(attributes.keySet()));
    }

    @Override
    public String getCharacterEncoding() {
        return characterEncoding;
    }

    @Override
    public void setCharacterEncoding(String encoding) throws UnsupportedEncodingException {
        if (parameters != null || reader != null) {
            return; // too late: the specification ignores the call
        }
        try {
            ContentTypes.lookup(encoding);
        } catch (UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException(encoding);
        }
        this.characterEncoding = encoding;
    }

    /**
     * The charset bodies and parameters are decoded with: the request's, else UTF-8. The specification's
     * default is ISO-8859-1, but browsers send forms in the page's encoding (UTF-8 nearly always) and JSON is
     * UTF-8 by definition, so Jetty and Spring Boot also default to UTF-8.
     */
    Charset charset() {
        if (characterEncoding == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return ContentTypes.lookup(characterEncoding);
        } catch (UnsupportedCharsetException e) {
            throw new RequestRejected(415, "the request's charset " + characterEncoding + " is not supported");
        }
    }

    @Override
    public int getContentLength() {
        long length = getContentLengthLong();
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    @Override
    public long getContentLengthLong() {
        String value = getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String getContentType() {
        return getHeader("Content-Type");
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (reader != null) {
            throw new IllegalStateException("getInputStream after getReader");
        }
        if (input == null) {
            input = new RequestInput(exchange.getRequestBody(), this);
        }
        return input;
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
     * The query's parameters, then a POST form body's (urlencoded, or the text fields of multipart when the
     * servlet has a MultipartConfig), read on first use unless the application has read the body itself. The
     * query is part of the URI, whose escapes are UTF-8 (RFC 3986, and how the path is decoded), whatever
     * charset the body declares: Tomcat's and Jetty's default too.
     */
    Map<String, List<String>> parameters() {
        if (parameters == null) {
            Map<String, List<String>> query = new LinkedHashMap<>();
            Parameters.parse(queryString, StandardCharsets.UTF_8, query);
            Map<String, List<String>> body = new LinkedHashMap<>();
            // set before the body is read: when reading it fails (too large, malformed), later calls, from an
            // error page say, see the query's parameters instead of parsing what is left of the body
            parameters = query;
            if (getMethod().equals("POST") && input == null && reader == null) {
                try {
                    readFormBody(body);
                } catch (IOException e) {
                    throw new IllegalStateException("the form body could not be read: " + e.getMessage(), e);
                }
            }
            parameters = Parameters.merge(query, body);
        }
        return parameters;
    }

    private void readFormBody(Map<String, List<String>> into) throws IOException {
        String mediaType = ContentTypes.mediaType(getContentType());
        if ("application/x-www-form-urlencoded".equals(mediaType)) {
            byte[] bytes = exchange.getRequestBody().readNBytes(MAX_FORM_BYTES + 1);
            if (bytes.length > MAX_FORM_BYTES) {
                throw new RequestRejected(413, "the form body is larger than " + MAX_FORM_BYTES
                        + " bytes; read larger bodies with getInputStream");
            }
            // the body is ASCII by definition; the charset applies to the %-decoded bytes
            Parameters.parse(new String(bytes, StandardCharsets.ISO_8859_1), charset(), into);
        } else if ("multipart/form-data".equals(mediaType) && mapping != null
                && mapping.servlet().multipartConfig() != null) {
            try {
                for (FormPart part : parts()) {
                    if (part.getSubmittedFileName() == null) {
                        into.computeIfAbsent(part.getName(), key -> new ArrayList<>()).add(part.text(charset()));
                    }
                }
            } catch (ServletException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
    }

    @Override
    public String getProtocol() {
        return exchange.getProtocol();
    }

    @Override
    public String getScheme() {
        return exchange.getAttribute(SCHEME_ATTRIBUTE) instanceof String scheme ? scheme : "http";
    }

    /** The Host header's name, else the address the connection arrived on. */
    @Override
    public String getServerName() {
        String host = getHeader("Host");
        if (host == null || host.isBlank()) {
            return getLocalName();
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    @Override
    public int getServerPort() {
        String host = getHeader("Host");
        if (host == null || host.isBlank()) {
            return getLocalPort();
        }
        int colon = host.lastIndexOf(':');
        int bracket = host.lastIndexOf(']');
        if (colon > bracket) {
            try {
                return Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                return getLocalPort();
            }
        }
        return getScheme().equals("https") ? 443 : 80;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (input != null) {
            throw new IllegalStateException("getReader after getInputStream");
        }
        if (reader == null) {
            Charset charset;
            try {
                charset = charset();
            } catch (RequestRejected e) {
                throw new UnsupportedEncodingException(characterEncoding);
            }
            reader = new BufferedReader(new InputStreamReader(exchange.getRequestBody(), charset));
        }
        return reader;
    }

    @Override
    public String getRemoteAddr() {
        return text(exchange.getRemoteAddress());
    }

    /** An address as text; a unix-socket peer is an unresolved address named by the socket's path. */
    private static String text(InetSocketAddress address) {
        if (address == null) {
            return null;
        }
        return address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    }

    /** The address, not a reverse DNS name: Tomcat's default (enableLookups false), a lookup per request is slow. */
    @Override
    public String getRemoteHost() {
        return getRemoteAddr();
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (name == null) {
            throw new IllegalArgumentException("attribute name is null");
        }
        if (value == null) {
            removeAttribute(name);
            return;
        }
        Object old = attributes.put(name, value);
        context.listeners().requestAttribute(context, this, name, value, old);
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes.remove(name);
        if (old != null) {
            context.listeners().requestAttribute(context, this, name, null, old);
        }
    }

    @Override
    public Locale getLocale() {
        return AcceptLanguage.locales(headerValues("Accept-Language")).getFirst();
    }

    @Override
    public Enumeration<Locale> getLocales() {
        return Collections.enumeration(AcceptLanguage.locales(headerValues("Accept-Language")));
    }

    @Override
    public boolean isSecure() {
        return getScheme().equals("https");
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String target) {
        return Dispatcher.relativeTo(context, getServletPath(), getPathInfo(), target);
    }

    @Override
    public int getRemotePort() {
        InetSocketAddress remote = exchange.getRemoteAddress();
        return remote == null ? -1 : remote.getPort();
    }

    @Override
    public String getLocalName() {
        String local = text(exchange.getLocalAddress());
        return local == null ? "localhost" : local;
    }

    @Override
    public String getLocalAddr() {
        return getLocalName();
    }

    @Override
    public int getLocalPort() {
        InetSocketAddress local = exchange.getLocalAddress();
        return local == null ? -1 : local.getPort();
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response);
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        if (!asyncSupported) {
            throw new IllegalStateException("startAsync: servlet " + (mapping == null ? "?" : mapping.getServletName())
                    + " or a filter in its chain does not support async (setAsyncSupported(true))");
        }
        if (async == null) {
            async = new AsyncState(this);
        }
        async.start(servletRequest, servletResponse, servletRequest == this && servletResponse == response);
        return async;
    }

    @Override
    public boolean isAsyncStarted() {
        return async != null && async.isStarted();
    }

    @Override
    public boolean isAsyncSupported() {
        return asyncSupported;
    }

    @Override
    public AsyncContext getAsyncContext() {
        if (!isAsyncStarted()) {
            throw new IllegalStateException("getAsyncContext: startAsync has not been called");
        }
        return async;
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    @Override
    public String getRequestId() {
        return requestId;
    }

    @Override
    public String getProtocolRequestId() {
        return "";
    }

    @Override
    public ServletConnection getServletConnection() {
        return new Connection(exchange);
    }

    /** The connection the request came on; HTTP/1.1 has no connection id visible to us, so the address pair. */
    private record Connection(HttpExchange exchange) implements ServletConnection {
        @Override
        public String getConnectionId() {
            return exchange.getRemoteAddress() + "->" + exchange.getLocalAddress();
        }

        @Override
        public String getProtocol() {
            return exchange.getProtocol().toLowerCase(Locale.ROOT);
        }

        @Override
        public String getProtocolConnectionId() {
            return "";
        }

        @Override
        public boolean isSecure() {
            return "https".equals(exchange.getAttribute(SCHEME_ATTRIBUTE));
        }
    }
}
