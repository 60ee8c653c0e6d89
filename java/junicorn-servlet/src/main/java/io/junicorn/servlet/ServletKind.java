package io.junicorn.servlet;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.worker.app.AppKind;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebServlet;

import java.util.Optional;

/**
 * APP is a Servlet (a class, or the object APP's member returned). It is mapped by its @WebServlet patterns
 * when it has them, else at "/", the default servlet: every request no other mapping claims comes to it, with
 * the whole path as its servlet path, while servlets and filters that the class path's initializers register
 * keep their own, more specific mappings (with "/*" the app servlet would shadow them all). It is initialised
 * at startup, so a servlet whose init fails stops the worker (exit 4) instead of failing its first request.
 */
public final class ServletKind implements AppKind {
    @Override
    public String takes() {
        return "a jakarta.servlet.Servlet";
    }

    @Override
    public Optional<HttpHandler> host(Object app) throws Exception {
        if (app instanceof Class<?> type && Servlet.class.isAssignableFrom(type)) {
            Class<? extends Servlet> servletClass = type.asSubclass(Servlet.class);
            return Optional.of(Deployment.deploy(type, null,
                    context -> map(context.addServlet(type.getName(), servletClass), type)));
        }
        if (app instanceof Servlet servlet) {
            return Optional.of(Deployment.deploy(servlet.getClass(), null,
                    context -> map(context.addServlet(servlet.getClass().getName(), servlet), servlet.getClass())));
        }
        return Optional.empty();
    }

    private static void map(ServletRegistration.Dynamic registration, Class<?> type) {
        WebServlet web = type.getAnnotation(WebServlet.class);
        String[] patterns = web == null ? new String[0] : web.urlPatterns().length > 0 ? web.urlPatterns() : web.value();
        registration.addMapping(patterns.length > 0 ? patterns : new String[] {"/"});
        if (web == null || web.loadOnStartup() < 0) {
            registration.setLoadOnStartup(0);
        }
    }
}
