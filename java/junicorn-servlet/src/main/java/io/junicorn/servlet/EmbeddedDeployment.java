package io.junicorn.servlet;

import com.sun.net.httpserver.HttpServer;
import io.junicorn.app.ServletServer;

import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * A deployment of {@link EmbeddedServletServer}. In a worker it is the context "/" of an HttpServer from junicorn's
 * provider, so the worker serves it on its listeners and main mode sees the application started (the worker then
 * reports ready); stopping that server begins the worker's graceful stop. Elsewhere a {@link StandaloneServer}.
 */
final class EmbeddedDeployment implements ServletServer.Deployment {
    private final ServletHandler handler;
    private final ServletServer.Settings settings;
    private final boolean inWorker;
    private HttpServer workerServer;
    private StandaloneServer standalone;
    private boolean stopped;

    EmbeddedDeployment(ServletHandler handler, ServletServer.Settings settings, boolean inWorker) {
        this.handler = handler;
        this.settings = settings;
        this.inWorker = inWorker;
    }

    @Override
    public synchronized void start() throws IOException {
        if (workerServer != null || standalone != null) {
            return;
        }
        if (inWorker) {
            workerServer = HttpServer.create(settings.address(), 0);
            workerServer.createContext("/", handler);
            workerServer.start();
        } else if (settings.address() != null) {
            standalone = StandaloneServer.start(settings.address(), handler, settings.maxRequestHeaderBytes());
        }
    }

    @Override
    public synchronized int port() {
        if (workerServer != null) {
            return workerServer.getAddress() == null ? -1 : workerServer.getAddress().getPort();
        }
        return standalone == null ? -1 : standalone.port();
    }

    @Override
    public void onGracefulStop(Runnable action) {
        if (inWorker) {
            WorkerHosting.onGracefulStop(action);
        }
    }

    @Override
    public CompletionStage<Boolean> shutDownGracefully() {
        stopServing();
        return handler.whenIdle();
    }

    @Override
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        stopServing();
        if (standalone != null) {
            standalone.close();
        }
        handler.close();
    }

    /** In a worker: the worker's graceful stop (nothing more when it is already stopping). Else: no new connection. */
    private synchronized void stopServing() {
        if (workerServer != null) {
            workerServer.stop(0);
        } else if (standalone != null) {
            standalone.stopAccepting();
        }
    }
}
