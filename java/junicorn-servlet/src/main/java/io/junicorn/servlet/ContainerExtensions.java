package io.junicorn.servlet;

import jakarta.servlet.ServletException;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The {@link ContainerExtension}s of one context: found through junicorn's own loader (the application's
 * META-INF/services are not looked at), told when it starts and when it stops.
 */
final class ContainerExtensions {
    private final List<ContainerExtension> started = new ArrayList<>();
    private ClassPathScan scan;

    /** Before the application's initializers: every extension's contextStarting, in ServiceLoader's order. */
    void contextStarting(AppServletContext context) throws ServletException {
        scan = new ClassPathScan(context.getClassLoader());
        for (ContainerExtension extension : discover()) {
            extension.contextStarting(context, scan);
            started.add(extension);
        }
    }

    private static List<ContainerExtension> discover() throws ServletException {
        List<ContainerExtension> found = new ArrayList<>();
        try {
            for (ContainerExtension e : ServiceLoader.load(ContainerExtension.class,
                    ContainerExtension.class.getClassLoader())) {
                found.add(e);
            }
        } catch (ServiceConfigurationError e) {
            throw new ServletException("a junicorn container extension cannot be loaded: " + e.getMessage(), e);
        }
        return found;
    }

    /** At undeploy, in reverse order; a failure is logged and the others still stop. */
    void contextStopping(AppServletContext context) {
        for (ContainerExtension extension : started.reversed()) {
            try {
                extension.contextStopping(context);
            } catch (RuntimeException e) {
                AppServletContext.log.warn("container extension {} failed as the context stopped: {}",
                        extension.getClass().getName(), e.toString(), e);
            }
        }
        started.clear();
        if (scan != null) {
            scan.close();
        }
    }
}
