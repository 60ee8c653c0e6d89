package io.junicorn.app;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionStage;

/**
 * junicorn's Servlet container, for code inside an application that starts a web server the way an embedded
 * Tomcat is started: Spring Boot's {@code ServletWebServerFactory} in {@code junicorn-spring-boot-starter}. In a
 * junicorn worker the deployment is served on the worker's listeners, and the worker reports ready once it is
 * started; anywhere else ({@code java -jar}, an IDE, a test) junicorn's engine serves it in this process on the
 * address asked for, so one artifact works in development, in tests and in production.
 *
 * <p>Only JDK, API and Servlet API types cross this interface: in a worker the implementation is junicorn's and
 * the caller is the application's (docs/design.md, "The seam for server-side bridges").
 */
public interface ServletServer {

    /**
     * junicorn's implementation, looked up through the loader of this interface: in a worker that is junicorn's
     * own loader (the application's copies of junicorn's jars stay unused), elsewhere the application's class path,
     * which then needs {@code io.junicorn:junicorn-servlet}.
     */
    static ServletServer find() {
        return ServiceLoader.load(ServletServer.class, ServletServer.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("junicorn's Servlet container is not on the class path:"
                        + " add io.junicorn:junicorn-servlet (junicorn-spring-boot-starter brings it)"));
    }

    /** Whether this JVM is a junicorn worker, whose listeners serve what is deployed here. */
    boolean inWorker();

    /**
     * A new ServletContext set up by {@code initializer} (its servlets, filters and listeners), with its listeners,
     * filters and load-on-startup servlets started, not yet serving.
     *
     * @throws ServletException when the initializer or the application's start fails
     */
    Deployment deploy(Settings settings, ServletContainerInitializer initializer) throws ServletException;

    /**
     * How a deployment is served.
     *
     * @param contextPath           "" for the root, else "/name" (no trailing slash)
     * @param address               where to listen outside a worker (port 0: any free port; null: nowhere, the
     *                              application is deployed but not served); in a worker junicorn's --bind rules
     *                              and this is ignored
     * @param compression           gzip for responses of these types and sizes, or null for none
     * @param maxRequestHeaderBytes the largest request header field outside a worker (0: junicorn's default); in
     *                              a worker --limit-request-field_size rules
     */
    record Settings(String contextPath, InetSocketAddress address, Compression compression, int maxRequestHeaderBytes) {
    }

    /**
     * gzip, when the client accepts it, for responses of one of {@code mimeTypes} (without parameters:
     * {@code application/json} matches {@code application/json;charset=UTF-8}) whose length is unknown or at
     * least {@code minResponseBytes}; {@code Vary: Accept-Encoding} on every response of those types.
     */
    record Compression(List<String> mimeTypes, int minResponseBytes) {
    }

    /** A deployed application. */
    interface Deployment {
        /** Starts serving: in a worker the worker reports ready after this, elsewhere the address is bound. */
        void start() throws IOException;

        /** The port it is served on (the worker's first TCP listener's in a worker), or -1 before start. */
        int port();

        /**
         * Runs {@code action} once, when the worker begins its graceful stop (TERM, a reload retiring it,
         * max-requests): in-flight requests still finish, no new connection comes. Never runs outside a worker.
         */
        void onGracefulStop(Runnable action);

        /**
         * Stops taking new requests, and completes once no request is in flight (true), or after the wait that
         * applies (false): in a worker --graceful-timeout.
         */
        CompletionStage<Boolean> shutDownGracefully();

        /** Stops serving at once and destroys the application's servlets, filters and context listeners. */
        void stop();
    }
}
