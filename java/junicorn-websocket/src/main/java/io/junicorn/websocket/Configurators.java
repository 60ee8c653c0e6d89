package io.junicorn.websocket;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * The API's own ServerEndpointConfig.Configurator (what a Builder without a configurator uses, and what Spring's
 * ServerEndpointRegistration extends) delegates to the container's default, which it finds once per instance with
 * ServiceLoader through the thread's context class loader. In a worker that loader is the application's, whose
 * parent (SharedApi) shares the jakarta.websocket classes but not junicorn's service files: so the container has
 * each configurator find its default through junicorn's own loader before it is used.
 */
final class Configurators {
    private Configurators() {
    }

    static void prime(ServerEndpointConfig.Configurator configurator) throws DeploymentException {
        if (configurator == null || configurator instanceof DefaultConfigurator) {
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Configurators.class.getClassLoader());
        try {
            configurator.getContainerDefaultConfigurator();
        } catch (RuntimeException e) {
            throw new DeploymentException("the container's default configurator cannot be loaded: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
