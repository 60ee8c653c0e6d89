package io.junicorn.worker.app;

import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * A jakarta.ws.rs.core.Application (a Jersey ResourceConfig is one), hosted through Jersey's
 * JdkHttpHandlerContainer when jersey-container-jdk-http is on the class path. Without it this kind passes,
 * so that a Servlet container kind may host the Application instead. Reached by reflection: neither JAX-RS
 * nor Jersey is a dependency of junicorn.
 */
final class JaxRsKind implements AppKind {
    private static final Logger log = LoggerFactory.getLogger(JaxRsKind.class);
    private static final String APPLICATION = "jakarta.ws.rs.core.Application";
    private static final String CONTAINER = "org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer";
    private static final String FACTORY = "org.glassfish.jersey.server.ContainerFactory";

    private final ClassLoader appLoader;

    /** @param appLoader where JAX-RS and Jersey are, if anywhere: the application's class loader */
    JaxRsKind(ClassLoader appLoader) {
        this.appLoader = appLoader;
    }

    @Override
    public String takes() {
        return "a " + APPLICATION + " (with jersey-container-jdk-http on the class path)";
    }

    @Override
    public Optional<HttpHandler> host(Object app) throws Exception {
        Class<?> applicationType = load(APPLICATION);
        if (applicationType == null) {
            return Optional.empty();
        }
        boolean isApplication = app instanceof Class<?> type ? applicationType.isAssignableFrom(type)
                : applicationType.isInstance(app);
        Class<?> containerType = isApplication ? load(CONTAINER) : null;
        if (containerType == null) {
            return Optional.empty();
        }
        Object application = app instanceof Class<?> type ? Construct.noArg(type) : app;
        Object container;
        try {
            Method create = load(FACTORY).getMethod("createContainer", Class.class, applicationType);
            container = create.invoke(null, containerType, application);
        } catch (InvocationTargetException e) {
            throw new AppLoadException("Jersey could not start " + application.getClass().getName() + ": "
                    + e.getCause(), e.getCause());
        }
        lifecycle(container, "onServerStart");
        return Optional.of(new JerseyHandler((HttpHandler) container));
    }

    private Class<?> load(String name) {
        try {
            return Class.forName(name, true, appLoader);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * Jersey's container tells the application's ContainerLifecycleListeners about start and stop through
     * package-private methods that its own JdkHttpServerFactory calls; junicorn calls them in its place.
     */
    private static void lifecycle(Object container, String event) throws ReflectiveOperationException {
        Method method = container.getClass().getDeclaredMethod(event);
        method.setAccessible(true);
        try {
            method.invoke(container);
        } catch (InvocationTargetException e) {
            log.error("Jersey {} failed: {}", event, e.getCause().toString(), e.getCause());
        }
    }

    /** The container, closed at worker exit with Jersey's stop event. */
    private record JerseyHandler(HttpHandler container) implements HttpHandler, AutoCloseable {
        @Override
        public void handle(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
            container.handle(exchange);
        }

        @Override
        public void close() throws ReflectiveOperationException {
            lifecycle(container, "onServerStop");
        }
    }
}
