package io.junicorn.servlet;

import jakarta.servlet.ServletContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A ContainerExtension (test META-INF/services, found through junicorn's loader as the WebSocket container is): it
 * leaves the scan in a context attribute, so that the application's initializers and tests see it ran first.
 */
public final class TestExtension implements ContainerExtension {
    static final String SCAN = "io.junicorn.servlet.test.scan";
    static final List<ServletContext> stopped = new CopyOnWriteArrayList<>();

    @Override
    public void contextStarting(ServletContext context, ApplicationScan scan) {
        context.setAttribute(SCAN, scan);
    }

    @Override
    public void contextStopping(ServletContext context) {
        stopped.add(context);
    }
}
