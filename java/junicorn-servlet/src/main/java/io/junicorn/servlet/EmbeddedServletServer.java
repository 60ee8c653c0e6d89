package io.junicorn.servlet;

import com.sun.net.httpserver.spi.HttpServerProvider;
import io.junicorn.app.ServletServer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;

/**
 * junicorn's {@link ServletServer} (META-INF/services): a context set up by the caller's initializer alone, as
 * Spring Boot's embedded containers do (the class path's own ServletContainerInitializers do not run: Boot's
 * initializers register everything), served on the worker's listeners in a worker, else by {@link StandaloneServer}.
 */
public final class EmbeddedServletServer implements ServletServer {
    /** junicorn-worker's HttpServerProvider: the JDK chose it, so this JVM is a worker and serves on its listeners. */
    private static final String WORKER_PROVIDER = "io.junicorn.worker.jdkhttp.JunicornServerProvider";

    @Override
    public boolean inWorker() {
        return HttpServerProvider.provider().getClass().getName().equals(WORKER_PROVIDER);
    }

    @Override
    public Deployment deploy(Settings settings, ServletContainerInitializer initializer) throws ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader() != null ? thread.getContextClassLoader()
                : initializer.getClass().getClassLoader();
        AppServletContext context = new AppServletContext(loader);
        context.contextPath(settings.contextPath());
        if (settings.compression() != null) {
            context.compression(new ResponseCompression(settings.compression().mimeTypes(),
                    settings.compression().minResponseBytes()));
        }
        try {
            context.extensions().contextStarting(context);
            initializer.onStartup(null, context);
            context.start();
        } catch (RuntimeException e) {
            throw new ServletException("the application failed to start: " + e, e);
        }
        return new EmbeddedDeployment(new ServletHandler(context), settings, inWorker());
    }
}
