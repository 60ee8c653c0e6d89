package io.junicorn.websocket;

import io.junicorn.servlet.ApplicationScan;
import io.junicorn.servlet.ContainerExtension;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Puts a Jakarta WebSocket container in every ServletContext junicorn deploys (META-INF/services): the attribute
 * {@code jakarta.websocket.server.ServerContainer} (JSR 356 §6.4), the filter that takes the handshakes, and the
 * endpoints the application's class path holds (JSR 356 §6.2: every @ServerEndpoint class, unless the application
 * has ServerApplicationConfig classes, which then choose the annotated classes and make the configs of
 * programmatic endpoints).
 */
public final class WebSocketExtension implements ContainerExtension {
    static final String ATTRIBUTE = ServerContainer.class.getName();
    private static final String FILTER = "junicorn-websocket";

    @Override
    public void contextStarting(ServletContext context, ApplicationScan scan) throws ServletException {
        JunicornServerContainer container = new JunicornServerContainer(scan.loader());
        context.setAttribute(ATTRIBUTE, container);
        FilterRegistration.Dynamic filter = context.addFilter(FILTER, new UpgradeFilter(container));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.addListener(new NotFoundServlet.Installer(container));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(scan.loader());
        try {
            deploy(container, EndpointScanner.scan(scan.roots(), scan.loader()));
        } catch (IOException | DeploymentException e) {
            throw new ServletException("WebSocket endpoints cannot be deployed: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static void deploy(JunicornServerContainer container, EndpointScanner.Found found) throws DeploymentException {
        if (found.applicationConfigs().isEmpty()) {
            for (Class<?> annotated : found.annotated()) {
                container.addEndpoint(annotated);
            }
            return;
        }
        Set<Class<?>> annotated = new LinkedHashSet<>();
        Set<String> paths = new LinkedHashSet<>();
        for (Class<? extends ServerApplicationConfig> configClass : found.applicationConfigs()) {
            ServerApplicationConfig config;
            try {
                config = configClass.getConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new DeploymentException("cannot create the ServerApplicationConfig " + configClass.getName()
                        + ": " + e, e);
            }
            Set<ServerEndpointConfig> configs = config.getEndpointConfigs(Set.copyOf(found.endpoints()));
            for (ServerEndpointConfig endpoint : configs == null ? Set.<ServerEndpointConfig>of() : configs) {
                if (paths.add(endpoint.getPath())) {
                    container.addEndpoint(endpoint);
                }
            }
            Set<Class<?>> chosen = config.getAnnotatedEndpointClasses(Set.copyOf(found.annotated()));
            annotated.addAll(chosen == null ? Set.of() : chosen);
        }
        for (Class<?> endpoint : annotated) {
            container.addEndpoint(endpoint);
        }
    }

    @Override
    public void contextStopping(ServletContext context) {
        if (context.getAttribute(ATTRIBUTE) instanceof JunicornServerContainer container) {
            container.closeAll("the application is stopping");
        }
    }
}
