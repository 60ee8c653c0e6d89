package io.junicorn.worker.app;

import com.sun.net.httpserver.HttpHandler;

import java.util.Optional;

/**
 * One kind of application a worker can host: Java has several answers to WSGI (the JDK's HttpHandler, a
 * Servlet, a JAX-RS Application, a main method), and the user never says which one APP is. The worker asks
 * each kind in turn, its built-in kinds first, then those ServiceLoader finds on the class path (the Servlet
 * module registers one in {@code META-INF/services/io.junicorn.worker.app.AppKind}); the first that hosts the
 * app wins.
 *
 * <p>A handler that also implements {@link AutoCloseable} is closed when the worker exits (a Servlet's destroy).
 */
public interface AppKind {
    /**
     * What this kind takes, for the one line that says what was looked for when no kind took the app:
     * "a jakarta.servlet.Servlet".
     */
    String takes();

    /**
     * A handler serving {@code app}, or empty when it is not of this kind.
     *
     * @param app the class APP named, not yet instantiated (this kind decides how to construct it), or the
     *            object that APP's member or factory returned
     * @throws Exception when the app is of this kind but cannot start: the worker exits 4 with its message
     */
    Optional<HttpHandler> host(Object app) throws Exception;
}
