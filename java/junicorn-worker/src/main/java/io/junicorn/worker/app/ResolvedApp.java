package io.junicorn.worker.app;

import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The application, resolved: the handler the worker's connections run, and what to close at worker exit.
 *
 * @param handler    the dispatcher over the contexts of the application's servers
 * @param closeables the context handlers that implement AutoCloseable (a Servlet's destroy, Jersey's stop
 *                   event); none in main mode, where the application's main owns its servers' lifecycle
 */
public record ResolvedApp(HttpHandler handler, List<AutoCloseable> closeables) {
    private static final Logger log = LoggerFactory.getLogger(ResolvedApp.class);

    /** Closes what the application asked to be closed; a failure is logged, the worker exits anyway. */
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.error("Closing the application failed: {}", e.toString(), e);
            }
        }
    }
}
