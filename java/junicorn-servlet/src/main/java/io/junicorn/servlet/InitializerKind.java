package io.junicorn.servlet;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.worker.app.AppKind;
import jakarta.servlet.ServletContainerInitializer;

import java.util.Optional;

/**
 * APP is a ServletContainerInitializer: it registers the application's servlets, filters and listeners in
 * onStartup, then the class path's own initializers run as they would in Tomcat.
 */
public final class InitializerKind implements AppKind {
    @Override
    public String takes() {
        return "a jakarta.servlet.ServletContainerInitializer";
    }

    @Override
    public Optional<HttpHandler> host(Object app) throws Exception {
        ServletContainerInitializer initializer;
        Class<?> type;
        if (app instanceof Class<?> candidate && ServletContainerInitializer.class.isAssignableFrom(candidate)) {
            type = candidate;
            AppServletContext probe = new AppServletContext(candidate.getClassLoader());
            initializer = probe.instantiate(candidate.asSubclass(ServletContainerInitializer.class));
        } else if (app instanceof ServletContainerInitializer instance) {
            type = instance.getClass();
            initializer = instance;
        } else {
            return Optional.empty();
        }
        return Optional.of(Deployment.deploy(type, initializer, context -> { }));
    }
}
