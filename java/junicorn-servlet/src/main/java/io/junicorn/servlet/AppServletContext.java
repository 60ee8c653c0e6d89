package io.junicorn.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.descriptor.JspConfigDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.EventListener;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one ServletContext of a worker: there is one application per junicorn server, as with gunicorn, at the root
 * context path "" unless a bridge (Spring Boot's server.servlet.context-path) deploys it under one. Registrations
 * are open while initializers and context listeners run and closed once the context has started (Servlet 6.1
 * section 4.4).
 */
final class AppServletContext implements ServletContext {
    static final Logger log = LoggerFactory.getLogger("io.junicorn.servlet");

    private final ClassLoader classLoader;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Map<String, String> initParameters = new ConcurrentHashMap<>();
    private final Map<String, ServletHolder> servlets = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, FilterHolder> filters = Collections.synchronizedMap(new LinkedHashMap<>());
    private final ServletMapper mapper = new ServletMapper();
    private final FilterMappings filterMappings = new FilterMappings();
    private final Listeners listeners = new Listeners();
    private final SessionStore sessions;
    private final ContextResources resources;
    private volatile ErrorPages errorPages = ErrorPages.NONE;
    private final ContainerExtensions extensions = new ContainerExtensions();
    private volatile boolean started;
    private String contextPath = "";
    private ResponseCompression compression = ResponseCompression.NONE;
    private String requestCharacterEncoding;
    private String responseCharacterEncoding;

    AppServletContext(ClassLoader classLoader) {
        this(classLoader, null);
    }

    /** @param webRoot a deployed war's unpacked tree, where its resources are; null: the class path's only */
    AppServletContext(ClassLoader classLoader, Path webRoot) {
        this.classLoader = classLoader;
        this.sessions = new SessionStore(this);
        this.resources = new ContextResources(classLoader, webRoot);
    }

    /** Before the application is deployed: "/name", or "" for the root. The session cookie's path follows it. */
    void contextPath(String path) {
        contextPath = path;
        sessions.cookieConfig().setPath(path.isEmpty() ? "/" : path);
    }

    void compression(ResponseCompression compression) {
        this.compression = compression;
    }

    ResponseCompression compression() {
        return compression;
    }

    ServletMapper mapper() {
        return mapper;
    }

    FilterMappings filterMappings() {
        return filterMappings;
    }

    Listeners listeners() {
        return listeners;
    }

    SessionStore sessions() {
        return sessions;
    }

    ErrorPages errorPages() {
        return errorPages;
    }

    /** The container extensions of this context (the WebSocket container), started before its initializers. */
    ContainerExtensions extensions() {
        return extensions;
    }

    void checkNotStarted() {
        if (started) {
            throw new IllegalStateException("the ServletContext has started: register servlets, filters and"
                    + " listeners from a ServletContainerInitializer or a ServletContextListener");
        }
    }

    /**
     * Runs the context listeners, then initialises every filter and the servlets with a load-on-startup of 0
     * or more in that order; a failure here fails the deployment (the worker exits 4).
     */
    void start() throws ServletException {
        errorPages = ErrorPages.parse(initParameters.get(ErrorPages.INIT_PARAMETER));
        listeners.contextInitialized(this);
        for (FilterHolder filter : List.copyOf(filters.values())) {
            filter.initialise();
        }
        List<ServletHolder> eager = List.copyOf(servlets.values()).stream()
                .filter(holder -> holder.loadOnStartup() >= 0)
                .sorted(Comparator.comparingInt(ServletHolder::loadOnStartup))
                .toList();
        for (ServletHolder holder : eager) {
            holder.servlet();
        }
        started = true;
    }

    /**
     * Servlets, then filters, each in reverse order of creation, then the sessions end, then the context
     * listeners hear contextDestroyed in reverse order: Tomcat's order.
     */
    void destroy() {
        started = false;
        extensions.contextStopping(this);
        for (ServletHolder holder : List.copyOf(servlets.values()).reversed()) {
            try {
                holder.destroy();
            } catch (RuntimeException e) {
                log.warn("servlet {} failed in destroy: {}", holder.getName(), e.toString(), e);
            }
        }
        for (FilterHolder filter : List.copyOf(filters.values()).reversed()) {
            try {
                filter.destroy();
            } catch (RuntimeException e) {
                log.warn("filter {} failed in destroy: {}", filter.getName(), e.toString(), e);
            }
        }
        sessions.invalidateAll();
        listeners.contextDestroyed(this);
    }

    <T> T instantiate(Class<T> type) throws ServletException {
        try {
            return type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new ServletException(type.getName() + "() threw " + e.getCause(), e.getCause());
        } catch (NoSuchMethodException e) {
            throw new ServletException(type.getName() + " has no public no-arg constructor", e);
        } catch (ReflectiveOperationException e) {
            throw new ServletException(type.getName() + " cannot be instantiated: " + e, e);
        }
    }

    @Override
    public String getContextPath() {
        return contextPath;
    }

    @Override
    public ServletContext getContext(String uripath) {
        return uripath != null && uripath.startsWith("/") ? this : null;
    }

    @Override
    public int getMajorVersion() {
        return 6;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public int getEffectiveMajorVersion() {
        return 6;
    }

    @Override
    public int getEffectiveMinorVersion() {
        return 1;
    }

    @Override
    public String getMimeType(String file) {
        return MimeTypes.of(file);
    }

    @Override
    public Set<String> getResourcePaths(String path) {
        return resources.paths(path);
    }

    @Override
    public URL getResource(String path) throws MalformedURLException {
        return resources.url(path);
    }

    @Override
    public InputStream getResourceAsStream(String path) {
        return resources.stream(path);
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        return Dispatcher.forPath(this, path);
    }

    @Override
    public RequestDispatcher getNamedDispatcher(String name) {
        ServletHolder holder = servlets.get(name);
        return holder == null ? null : Dispatcher.forServlet(this, holder);
    }

    @Override
    public void log(String msg) {
        log.info(msg);
    }

    @Override
    public void log(String message, Throwable throwable) {
        log.error(message, throwable);
    }

    @Override
    public String getRealPath(String path) {
        return resources.realPath(path);
    }

    @Override
    public String getServerInfo() {
        return "junicorn";
    }

    @Override
    public String getInitParameter(String name) {
        return initParameters.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(List.copyOf(initParameters.keySet()));
    }

    @Override
    public boolean setInitParameter(String name, String value) {
        checkNotStarted();
        if (name == null) {
            throw new NullPointerException("init parameter name");
        }
        return initParameters.putIfAbsent(name, value) == null;
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
    public void setAttribute(String name, Object object) {
        if (object == null) {
            removeAttribute(name);
            return;
        }
        Object old = attributes.put(name, object);
        listeners.contextAttribute(this, name, object, old);
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes.remove(name);
        if (old != null) {
            listeners.contextAttribute(this, name, null, old);
        }
    }

    @Override
    public String getServletContextName() {
        return "junicorn";
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, String className) {
        return addServlet(servletName, loadClass(className, Servlet.class));
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Servlet servlet) {
        return register(servletName, servlet, servlet.getClass());
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Class<? extends Servlet> servletClass) {
        return register(servletName, null, servletClass);
    }

    private ServletRegistration.Dynamic register(String name, Servlet servlet, Class<? extends Servlet> type) {
        checkNotStarted();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a servlet needs a name");
        }
        synchronized (servlets) {
            if (servlets.containsKey(name)) {
                return null;
            }
            ServletHolder holder = new ServletHolder(this, name, servlet, type);
            servlets.put(name, holder);
            return holder;
        }
    }

    @Override
    public ServletRegistration.Dynamic addJspFile(String servletName, String jspFile) {
        throw new UnsupportedOperationException("junicorn does not compile JSP pages (" + jspFile + ")");
    }

    @Override
    public <T extends Servlet> T createServlet(Class<T> clazz) throws ServletException {
        return instantiate(clazz);
    }

    @Override
    public ServletRegistration getServletRegistration(String servletName) {
        return servlets.get(servletName);
    }

    @Override
    public Map<String, ? extends ServletRegistration> getServletRegistrations() {
        synchronized (servlets) {
            return Collections.unmodifiableMap(new HashMap<>(servlets));
        }
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, String className) {
        return addFilter(filterName, loadClass(className, Filter.class));
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Filter filter) {
        return registerFilter(filterName, filter, filter.getClass());
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Class<? extends Filter> filterClass) {
        return registerFilter(filterName, null, filterClass);
    }

    private FilterRegistration.Dynamic registerFilter(String name, Filter filter, Class<? extends Filter> type) {
        checkNotStarted();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a filter needs a name");
        }
        synchronized (filters) {
            if (filters.containsKey(name)) {
                return null;
            }
            FilterHolder holder = new FilterHolder(this, name, filter, type);
            filters.put(name, holder);
            return holder;
        }
    }

    @Override
    public <T extends Filter> T createFilter(Class<T> clazz) throws ServletException {
        return instantiate(clazz);
    }

    @Override
    public FilterRegistration getFilterRegistration(String filterName) {
        return filters.get(filterName);
    }

    @Override
    public Map<String, ? extends FilterRegistration> getFilterRegistrations() {
        synchronized (filters) {
            return Collections.unmodifiableMap(new HashMap<>(filters));
        }
    }

    @Override
    public SessionCookieConfig getSessionCookieConfig() {
        return sessions.cookieConfig();
    }

    @Override
    public void setSessionTrackingModes(Set<SessionTrackingMode> modes) {
        checkNotStarted();
        if (!modes.isEmpty() && !modes.equals(Set.of(SessionTrackingMode.COOKIE))) {
            throw new IllegalArgumentException("junicorn tracks sessions with cookies only, not " + modes);
        }
    }

    @Override
    public Set<SessionTrackingMode> getDefaultSessionTrackingModes() {
        return Set.of(SessionTrackingMode.COOKIE);
    }

    @Override
    public Set<SessionTrackingMode> getEffectiveSessionTrackingModes() {
        return Set.of(SessionTrackingMode.COOKIE);
    }

    @Override
    public void addListener(String className) {
        addListener(loadClass(className, EventListener.class));
    }

    @Override
    public <T extends EventListener> void addListener(T listener) {
        checkNotStarted();
        listeners.add(listener);
    }

    @Override
    public void addListener(Class<? extends EventListener> listenerClass) {
        try {
            addListener(instantiate(listenerClass));
        } catch (ServletException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public <T extends EventListener> T createListener(Class<T> clazz) throws ServletException {
        if (!Listeners.isListener(clazz)) {
            throw new IllegalArgumentException(clazz.getName() + " implements none of " + Listeners.KINDS);
        }
        return instantiate(clazz);
    }

    @Override
    public JspConfigDescriptor getJspConfigDescriptor() {
        return null;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader;
    }

    @Override
    public void declareRoles(String... roleNames) {
        checkNotStarted();
    }

    @Override
    public String getVirtualServerName() {
        return "junicorn";
    }

    @Override
    public int getSessionTimeout() {
        return sessions.timeoutMinutes();
    }

    @Override
    public void setSessionTimeout(int sessionTimeout) {
        checkNotStarted();
        sessions.timeoutMinutes(sessionTimeout);
    }

    @Override
    public String getRequestCharacterEncoding() {
        return requestCharacterEncoding;
    }

    @Override
    public void setRequestCharacterEncoding(String encoding) {
        checkNotStarted();
        this.requestCharacterEncoding = encoding;
    }

    @Override
    public String getResponseCharacterEncoding() {
        return responseCharacterEncoding;
    }

    @Override
    public void setResponseCharacterEncoding(String encoding) {
        checkNotStarted();
        this.responseCharacterEncoding = encoding;
    }

    private <T> Class<? extends T> loadClass(String className, Class<T> kind) {
        try {
            return Class.forName(className, false, classLoader).asSubclass(kind);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + className + " on the class path", e);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(className + " is not a " + kind.getName(), e);
        }
    }
}
