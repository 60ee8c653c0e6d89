package io.junicorn.servlet;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.common.app.WebArchive;
import io.junicorn.worker.app.AppKind;
import jakarta.servlet.ServletRegistration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * APP is a war, deployed as Tomcat deploys one: its WEB-INF/classes and WEB-INF/lib are already on the
 * application's class loader (the worker put them there), the class path's ServletContainerInitializers run with
 * the classes of WEB-INF/classes that their @HandlesTypes select (Spring's finds a SpringBootServletInitializer
 * there), the war's tree holds the context's resources, and when the application maps nothing at "/" the war's
 * static files are served by a default servlet ({@link WarDefaultServlet}), Tomcat's DefaultServlet's part.
 */
public final class WarKind implements AppKind {
    @Override
    public String takes() {
        return "a war (its WEB-INF/classes handed to the @HandlesTypes of the ServletContainerInitializers in it)";
    }

    @Override
    public Optional<HttpHandler> host(Object app) throws Exception {
        if (!(app instanceof WebArchive war)) {
            return Optional.empty();
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<Class<?>> candidates = new ArrayList<>();
        for (String name : war.classNames()) {
            try {
                candidates.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // a class whose dependencies the war lacks (an optional integration): Tomcat skips it too
                AppServletContext.log.debug("{}: skipping {} in WEB-INF/classes: {}", war, name, e.toString());
            }
        }
        AppServletContext context = new AppServletContext(loader, war.root());
        return Optional.of(Deployment.deploy(context, candidates, null, registered -> { }, WarKind::defaultServlet));
    }

    static void defaultServlet(AppServletContext context) {
        if (context.mapper().holderOf(UrlPattern.parse("/")).isPresent()) {
            return;
        }
        // Tomcat's name for it, which Spring's DefaultServletHttpRequestHandler forwards to
        ServletRegistration.Dynamic registration = context.addServlet("default", new WarDefaultServlet());
        if (registration != null) {
            registration.addMapping("/");
        }
    }
}
