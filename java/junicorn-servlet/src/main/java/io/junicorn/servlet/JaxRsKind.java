package io.junicorn.servlet;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.worker.app.AppKind;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * APP is a JAX-RS Application (or Jersey's ResourceConfig) and the app ships Jersey's servlet container
 * (jersey-container-servlet-core): Jersey's ServletContainer serves it, named after the Application class
 * and mapped at its @ApplicationPath, else "/*" — the registration a web.xml would declare, which Jersey's own
 * initializer then completes. Jersey is the application's library, so it is reached by reflection only.
 */
public final class JaxRsKind implements AppKind {
    static final String APPLICATION = "jakarta.ws.rs.core.Application";
    static final String SERVLET_CONTAINER = "org.glassfish.jersey.servlet.ServletContainer";
    private static final String APPLICATION_PATH = "jakarta.ws.rs.ApplicationPath";
    private static final String RESOURCE_CONFIG = "org.glassfish.jersey.server.ResourceConfig";

    @Override
    public String takes() {
        return "a jakarta.ws.rs.core.Application (served by Jersey's ServletContainer when jersey-container-servlet"
                + " is on the class path)";
    }

    @Override
    public Optional<HttpHandler> host(Object app) throws Exception {
        Class<?> type = app instanceof Class<?> candidate ? candidate : app.getClass();
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : Thread.currentThread().getContextClassLoader();
        Optional<Class<?>> application = load(APPLICATION, loader);
        if (application.isEmpty() || !application.get().isAssignableFrom(type)) {
            return Optional.empty();
        }
        Optional<Class<?>> container = load(SERVLET_CONTAINER, loader);
        if (container.isEmpty()) {
            return Optional.empty();
        }
        Class<? extends Servlet> servletClass = container.get().asSubclass(Servlet.class);
        String mapping = mapping(type, loader);
        if (app instanceof Class<?>) {
            return Optional.of(Deployment.deploy(type, null, context -> {
                ServletRegistration.Dynamic registration = context.addServlet(type.getName(), servletClass);
                registration.setInitParameter("jakarta.ws.rs.Application", type.getName());
                registration.addMapping(mapping);
                registration.setLoadOnStartup(0);
                registration.setAsyncSupported(true);
            }));
        }
        Servlet servlet = servletFor(app, application.get(), servletClass, loader);
        return Optional.of(Deployment.deploy(type, null, context -> {
            ServletRegistration.Dynamic registration = context.addServlet(type.getName(), servlet);
            registration.addMapping(mapping);
            registration.setLoadOnStartup(0);
            registration.setAsyncSupported(true);
        }));
    }

    /** An Application object APP's member returned: Jersey's ServletContainer(ResourceConfig.forApplication(app)). */
    private static Servlet servletFor(Object app, Class<?> application, Class<? extends Servlet> servletClass,
                                      ClassLoader loader) throws ServletException {
        try {
            Class<?> resourceConfig = Class.forName(RESOURCE_CONFIG, true, loader);
            Object config = resourceConfig.getMethod("forApplication", application).invoke(null, app);
            return servletClass.getConstructor(resourceConfig).newInstance(config);
        } catch (InvocationTargetException e) {
            throw new ServletException("Jersey could not take the Application: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ServletException("this Jersey version has no ServletContainer(ResourceConfig): " + e, e);
        }
    }

    /** "@ApplicationPath("api")" -> "/api/*"; none or "/" -> "/*". */
    static String mapping(Class<?> type, ClassLoader loader) throws ReflectiveOperationException {
        Optional<Class<?>> annotationType = load(APPLICATION_PATH, loader);
        if (annotationType.isEmpty()) {
            return "/*";
        }
        Object annotation = type.getAnnotation(annotationType.get().asSubclass(java.lang.annotation.Annotation.class));
        if (annotation == null) {
            return "/*";
        }
        String value = (String) annotationType.get().getMethod("value").invoke(annotation);
        String trimmed = value.replaceAll("^/+", "").replaceAll("/\\*?$", "").replaceAll("/+$", "");
        return trimmed.isEmpty() ? "/*" : "/" + trimmed + "/*";
    }

    private static Optional<Class<?>> load(String name, ClassLoader loader) {
        try {
            return Optional.of(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }
}
