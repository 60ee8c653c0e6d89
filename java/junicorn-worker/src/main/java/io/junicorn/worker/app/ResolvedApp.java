package io.junicorn.worker.app;

import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application, resolved: the handler the worker's connections run, and what to close at worker exit.
 *
 * @param handler   the dispatcher over the contexts of the application's servers
 * @param closeable the handler a kind returned when it implements AutoCloseable (a Servlet's destroy), or null
 */
public record ResolvedApp(HttpHandler handler, AutoCloseable closeable) {
    private static final Logger log = LoggerFactory.getLogger(ResolvedApp.class);

    /** Closes what the application asked to be closed; a failure is logged, the worker exits anyway. */
    public void close() {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.error("Closing the application failed: {}", e.toString(), e);
        }
    }
}
