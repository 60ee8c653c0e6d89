package io.junicorn.boot;

import io.junicorn.app.ServletServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

import java.io.IOException;

/**
 * Spring Boot's WebServer over junicorn's Servlet container (the {@link ServletServer} seam): the same class on both
 * Boot lines, since Boot 3 and Boot 4 spell WebServer alike. The context is deployed as the factory builds the
 * server, as Tomcat's is; {@link #start()} serves it, which in a junicorn worker is what makes the worker report
 * ready: Boot calls it once the context has refreshed.
 */
final class JunicornWebServer implements WebServer {
    private static final Log log = LogFactory.getLog(JunicornWebServer.class);

    private final ServletServer.Deployment deployment;
    private final boolean graceful;
    private final boolean inWorker;
    private final String contextPath;

    JunicornWebServer(ServletServer.Deployment deployment, boolean graceful, boolean inWorker, String contextPath) {
        this.deployment = deployment;
        this.graceful = graceful;
        this.inWorker = inWorker;
        this.contextPath = contextPath;
    }

    @Override
    public void start() throws WebServerException {
        try {
            deployment.start();
        } catch (IOException e) {
            throw new WebServerException("junicorn could not start serving: " + e.getMessage(), e);
        }
        // Boot's own line for Tomcat reads "Tomcat started on port 8080 (http) with context path '/'"
        log.info("junicorn started on port " + getPort() + " (http) with context path '"
                + (contextPath.isEmpty() ? "/" : contextPath) + "'" + (inWorker ? " in worker " + ProcessHandle.current().pid() : ""));
    }

    @Override
    public void stop() throws WebServerException {
        deployment.stop();
    }

    @Override
    public int getPort() {
        return deployment.port();
    }

    /**
     * server.shutdown=graceful (Boot's default since 3.4): no new request, then the callback once those in flight
     * have finished. In a worker this is the worker's own graceful stop, bounded by --graceful-timeout; on TERM it
     * has already happened when Boot's shutdown hook closes the context, so the callback comes at once.
     */
    @Override
    public void shutDownGracefully(GracefulShutdownCallback callback) {
        if (!graceful) {
            callback.shutdownComplete(GracefulShutdownResult.IMMEDIATE);
            return;
        }
        log.info("Commencing graceful shutdown. Waiting for active requests to complete");
        deployment.shutDownGracefully().whenComplete((idle, failure) -> {
            log.info(Boolean.TRUE.equals(idle) ? "Graceful shutdown complete" : "Graceful shutdown aborted with one or more requests still active");
            callback.shutdownComplete(Boolean.TRUE.equals(idle) ? GracefulShutdownResult.IDLE
                    : GracefulShutdownResult.REQUESTS_ACTIVE);
        });
    }

    @Override
    public void destroy() {
        deployment.stop();
    }
}
