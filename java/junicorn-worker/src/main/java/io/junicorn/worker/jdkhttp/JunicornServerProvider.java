package io.junicorn.worker.jdkhttp;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * junicorn as the JDK's HttpServerProvider in a worker (META-INF/services of junicorn-worker.jar): every
 * {@code HttpServer.create(...)} the application calls, directly or through a framework, returns a server
 * served on the worker's listeners.
 */
public final class JunicornServerProvider extends HttpServerProvider {
    @Override
    public HttpServer createHttpServer(InetSocketAddress address, int backlog) {
        return WorkerServers.get().create(address);
    }

    /**
     * Refused: TLS in junicorn is the listeners' (--certfile, --keyfile), configured once for every worker, and
     * an application's own SSLContext cannot be put on them.
     */
    @Override
    public HttpsServer createHttpsServer(InetSocketAddress address, int backlog) throws IOException {
        throw new IOException("junicorn does not serve an application's HttpsServer: create an HttpServer "
                + "(http://) and give junicorn --certfile and --keyfile, which serve TLS on its listeners");
    }
}
