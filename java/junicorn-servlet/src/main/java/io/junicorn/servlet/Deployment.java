package io.junicorn.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;

import java.util.Collection;
import java.util.List;

/**
 * Deploys an application into a fresh context, the way Tomcat starts a webapp: what the app kind registers
 * first (its servlet, say), then junicorn's {@link ContainerExtension}s (the WebSocket container), then every
 * ServletContainerInitializer the class path declares, then the context
 * listeners, filters and load-on-startup servlets. Any failure fails the deployment: the worker exits 4 with
 * the message.
 */
final class Deployment {
    /** What an app kind registers before the class path's initializers run. */
    interface Registration {
        void register(AppServletContext context) throws ServletException;
    }

    private Deployment() {
    }

    /**
     * @param app        the class APP named, handed to initializers that @HandlesTypes it (null: none)
     * @param first      an initializer APP is itself, run before the discovered ones (null: none)
     */
    static ServletHandler deploy(Class<?> app, ServletContainerInitializer first, Registration registration)
            throws ServletException {
        ClassLoader loader = app != null && app.getClassLoader() != null ? app.getClassLoader()
                : Thread.currentThread().getContextClassLoader();
        return deploy(new AppServletContext(loader), app == null ? List.of() : List.of(app), first, registration,
                context -> { });
    }

    /**
     * @param context    where the application is deployed
     * @param candidates the classes initializers that @HandlesTypes them are handed
     * @param last       what the container registers once the initializers ran (a war's default servlet)
     */
    static ServletHandler deploy(AppServletContext context, Collection<Class<?>> candidates,
                                 ServletContainerInitializer first, Registration registration, Registration last)
            throws ServletException {
        ClassLoader loader = context.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            registration.register(context);
            context.extensions().contextStarting(context);
            if (first != null) {
                first.onStartup(ContainerInitializers.classesFor(first.getClass(), candidates), context);
            }
            for (ServletContainerInitializer initializer : ContainerInitializers.discover(loader)) {
                if (first != null && initializer.getClass() == first.getClass()) {
                    continue;
                }
                initializer.onStartup(ContainerInitializers.classesFor(initializer.getClass(), candidates), context);
            }
            last.register(context);
            context.start();
        } catch (RuntimeException e) {
            throw new ServletException("the application failed to start: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return new ServletHandler(context);
    }
}
