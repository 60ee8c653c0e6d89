package io.junicorn.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One filter: its registration ({@code ServletContext.addFilter}), its {@link FilterConfig} and lifecycle. */
final class FilterHolder implements FilterRegistration.Dynamic, FilterConfig {
    private final AppServletContext context;
    private final String name;
    private final Class<? extends Filter> type;
    private final InitParameters initParameters = new InitParameters();
    private volatile Filter filter;
    private boolean initialised;
    private boolean asyncSupported;

    FilterHolder(AppServletContext context, String name, Filter instance, Class<? extends Filter> type) {
        this.context = context;
        this.name = name;
        this.filter = instance;
        this.type = type;
    }

    /** Filters are all initialised at startup, before the first request (Servlet 6.1 section 6.2.1). */
    synchronized void initialise() throws ServletException {
        if (!initialised) {
            Filter instance = filter != null ? filter : context.instantiate(type);
            instance.init(this);
            filter = instance;
            initialised = true;
        }
    }

    Filter filter() {
        return filter;
    }

    synchronized void destroy() {
        if (initialised) {
            initialised = false;
            filter.destroy();
        }
    }

    boolean isAsyncSupported() {
        return asyncSupported;
    }

    @Override
    public void addMappingForServletNames(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter,
                                          String... servletNames) {
        context.checkNotStarted();
        if (servletNames == null || servletNames.length == 0) {
            throw new IllegalArgumentException("addMappingForServletNames needs at least one servlet name");
        }
        context.filterMappings().add(new FilterMappings.Mapping(this, dispatcherTypes, List.of(),
                List.of(servletNames)), isMatchAfter);
    }

    @Override
    public Collection<String> getServletNameMappings() {
        List<String> names = new ArrayList<>();
        context.filterMappings().of(this).forEach(mapping -> names.addAll(mapping.servletNames()));
        return names;
    }

    @Override
    public void addMappingForUrlPatterns(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter,
                                         String... urlPatterns) {
        context.checkNotStarted();
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("addMappingForUrlPatterns needs at least one URL pattern");
        }
        List<UrlPattern> patterns = new ArrayList<>();
        for (String pattern : urlPatterns) {
            patterns.add(UrlPattern.parse(pattern));
        }
        context.filterMappings().add(new FilterMappings.Mapping(this, dispatcherTypes, patterns, List.of()),
                isMatchAfter);
    }

    @Override
    public Collection<String> getUrlPatternMappings() {
        List<String> patterns = new ArrayList<>();
        context.filterMappings().of(this).forEach(mapping ->
                mapping.urlPatterns().forEach(pattern -> patterns.add(pattern.text())));
        return patterns;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getClassName() {
        return type.getName();
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
    public void setAsyncSupported(boolean isAsyncSupported) {
        context.checkNotStarted();
        this.asyncSupported = isAsyncSupported;
    }

    @Override
    public String getFilterName() {
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
