package io.junicorn.servlet;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.worker.app.AppKind;
import jakarta.servlet.ServletContainerInitializer;

import java.util.List;
import java.util.Optional;

/**
 * APP is a class that some ServletContainerInitializer on the class path names in @HandlesTypes, such as a
 * Spring WebApplicationInitializer: every initializer runs, and those that handle APP get {APP} as their set
 * ({@link ContainerInitializers} says why the set is APP alone).
 */
public final class HandlesTypesKind implements AppKind {
    @Override
    public String takes() {
        return "a class named in the @HandlesTypes of a ServletContainerInitializer on the class path"
                + " (a Spring WebApplicationInitializer)";
    }

    @Override
    public Optional<HttpHandler> host(Object app) throws Exception {
        if (!(app instanceof Class<?> type)) {
            return Optional.empty();
        }
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : Thread.currentThread().getContextClassLoader();
        List<ServletContainerInitializer> initializers = ContainerInitializers.discover(loader);
        if (initializers.stream().noneMatch(initializer -> ContainerInitializers.handles(initializer.getClass(), type))) {
            return Optional.empty();
        }
        return Optional.of(Deployment.deploy(type, null, context -> { }));
    }
}
