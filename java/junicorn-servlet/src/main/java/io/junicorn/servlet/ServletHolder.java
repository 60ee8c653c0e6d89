package io.junicorn.servlet;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One servlet: its registration (what {@code ServletContext.addServlet} returns), its {@link ServletConfig},
 * and its lifecycle: created and initialised once, at startup when its load-on-startup is 0 or more, else on
 * its first request; destroyed when the worker exits.
 */
final class ServletHolder implements ServletRegistration.Dynamic, ServletConfig {
    private final AppServletContext context;
    private final String name;
    private final Class<? extends Servlet> type;
    private final String className;
    private final InitParameters initParameters = new InitParameters();
    private volatile Servlet servlet;
    private volatile boolean initialised;
    private int loadOnStartup = -1;
    private boolean asyncSupported;
    private MultipartConfigElement multipartConfig;
    private String runAsRole;

    ServletHolder(AppServletContext context, String name, Servlet instance, Class<? extends Servlet> type) {
        this.context = context;
        this.name = name;
        this.servlet = instance;
        this.type = type;
        this.className = type.getName();
        MultipartConfig annotation = type.getAnnotation(MultipartConfig.class);
        if (annotation != null) {
            multipartConfig = new MultipartConfigElement(annotation);
        }
        WebServlet web = type.getAnnotation(WebServlet.class);
        if (web != null) {
            asyncSupported = web.asyncSupported();
            loadOnStartup = web.loadOnStartup();
            for (var param : web.initParams()) {
                initParameters.set(param.name(), param.value());
            }
        }
    }

    /** The servlet, initialised; the first caller initialises it, the others wait (Servlet 6.1 section 2.3.1). */
    Servlet servlet() throws ServletException {
        if (!initialised) {
            synchronized (this) {
                if (!initialised) {
                    Servlet instance = servlet != null ? servlet : context.instantiate(type);
                    try {
                        instance.init(this);
                    } catch (UnavailableException e) {
                        throw e;
                    } catch (ServletException e) {
                        throw new ServletException("servlet " + name + " failed to initialise: " + e.getMessage(), e);
                    } catch (RuntimeException | LinkageError e) {
                        throw new ServletException("servlet " + name + " failed to initialise: " + e, e);
                    }
                    servlet = instance;
                    initialised = true;
                }
            }
        }
        return servlet;
    }

    void destroy() {
        if (initialised) {
            initialised = false;
            servlet.destroy();
        }
    }

    int loadOnStartup() {
        return loadOnStartup;
    }

    boolean isAsyncSupported() {
        return asyncSupported;
    }

    MultipartConfigElement multipartConfig() {
        return multipartConfig;
    }

    @Override
    public Set<String> addMapping(String... urlPatterns) {
        context.checkNotStarted();
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("addMapping needs at least one URL pattern");
        }
        Set<String> conflicts = new LinkedHashSet<>();
        List<UrlPattern> patterns = new ArrayList<>();
        for (String text : urlPatterns) {
            UrlPattern pattern = UrlPattern.parse(text);
            context.mapper().holderOf(pattern).filter(holder -> holder != this).ifPresent(holder -> conflicts.add(text));
            patterns.add(pattern);
        }
        if (conflicts.isEmpty()) {
            patterns.forEach(pattern -> context.mapper().add(pattern, this));
        }
        return conflicts;
    }

    @Override
    public Collection<String> getMappings() {
        return context.mapper().patternsOf(this);
    }

    @Override
    public String getRunAsRole() {
        return runAsRole;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getClassName() {
        return className;
    }

    @Override
    public boolean setInitParameter(String key, String value) {
        context.checkNotStarted();
        return initParameters.set(key, value);
    }

    @Override
    public String getInitParameter(String key) {
        return initParameters.get(key);
    }

    @Override
    public Set<String> setInitParameters(Map<String, String> parameters) {
        context.checkNotStarted();
        return initParameters.setAll(parameters);
    }

    @Override
    public Map<String, String> getInitParameters() {
        return initParameters.snapshot();
    }

    @Override
    public void setLoadOnStartup(int loadOnStartup) {
        context.checkNotStarted();
        this.loadOnStartup = loadOnStartup;
    }

    @Override
    public Set<String> setServletSecurity(ServletSecurityElement constraint) {
        throw new UnsupportedOperationException("junicorn has no security constraints: protect "
                + name + " with a filter (Spring Security is one)");
    }

    @Override
    public void setMultipartConfig(MultipartConfigElement multipartConfig) {
        context.checkNotStarted();
        this.multipartConfig = multipartConfig;
    }

    @Override
    public void setRunAsRole(String roleName) {
        this.runAsRole = roleName;
    }

    @Override
    public void setAsyncSupported(boolean isAsyncSupported) {
        context.checkNotStarted();
        this.asyncSupported = isAsyncSupported;
    }

    @Override
    public String getServletName() {
        return name;
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return initParameters.names();
    }
}
