package io.junicorn.worker.jdkhttp;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * An HttpServer the application created in a worker. It binds nothing: once started, its contexts are served
 * on the worker's inherited listeners, whatever address it was asked for. Its executor is kept but unused
 * (the worker class decides the threads), and stopping it is the worker's graceful stop.
 */
final class JunicornHttpServer extends HttpServer {
    private static final Logger log = LoggerFactory.getLogger(JunicornHttpServer.class);

    private final WorkerServers servers;
    private final List<JunicornHttpContext> contexts = new CopyOnWriteArrayList<>();
    private volatile InetSocketAddress askedAddress;
    private volatile Executor executor;
    private boolean started;
    private boolean stopped;

    JunicornHttpServer(WorkerServers servers, InetSocketAddress address) {
        this.servers = servers;
        if (address != null) {
            bind(address, 0);
        }
    }

    /** Records the address: the worker's listeners serve whatever was asked for. */
    @Override
    public void bind(InetSocketAddress address, int backlog) {
        Objects.requireNonNull(address, "null address");
        askedAddress = address;
        log.debug("HttpServer asked for {}; served on the worker's listeners {}", address, servers.listenerAddress());
    }

    @Override
    public synchronized void start() {
        if (started || stopped) {
            throw new IllegalStateException("server in wrong state");
        }
        started = true;
        servers.started(this);
    }

    /** Kept for getExecutor: in junicorn the worker class (--worker-class) runs the handlers. */
    @Override
    public synchronized void setExecutor(Executor executor) {
        if (started) {
            throw new IllegalStateException("server already started");
        }
        this.executor = executor;
    }

    @Override
    public Executor getExecutor() {
        return executor;
    }

    /**
     * Begins the worker's graceful stop (finish in-flight requests within --graceful-timeout, then exit) and
     * returns at once: the wait belongs to the worker, and a shutdown hook calling stop must not hold up exit.
     */
    @Override
    public void stop(int delay) {
        if (delay < 0) {
            throw new IllegalArgumentException("negative delay parameter");
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        servers.stopped(this);
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        if (handler == null || path == null) {
            throw new NullPointerException("null handler, or path parameter");
        }
        return add(new JunicornHttpContext(path, handler, this));
    }

    @Override
    public HttpContext createContext(String path) {
        if (path == null) {
            throw new NullPointerException("null path parameter");
        }
        return add(new JunicornHttpContext(path, null, this));
    }

    private synchronized JunicornHttpContext add(JunicornHttpContext context) {
        if (exact(context.getPath()) != null) {
            throw new IllegalArgumentException("cannot add context to list");
        }
        contexts.add(context);
        return context;
    }

    @Override
    public synchronized void removeContext(String path) {
        if (path == null) {
            throw new NullPointerException("null path parameter");
        }
        JunicornHttpContext context = exact(path);
        if (context == null) {
            throw new IllegalArgumentException("cannot remove element from list");
        }
        contexts.remove(context);
    }

    @Override
    public synchronized void removeContext(HttpContext context) {
        if (!(context instanceof JunicornHttpContext)) {
            throw new IllegalArgumentException("wrong HttpContext type");
        }
        if (!contexts.remove(context)) {
            throw new IllegalArgumentException("no such context in list");
        }
    }

    /** The worker's listener: where this server's contexts are really served. */
    @Override
    public InetSocketAddress getAddress() {
        InetSocketAddress listener = servers.listenerAddress();
        return listener != null ? listener : askedAddress;
    }

    void closeableHandlers(List<AutoCloseable> closeables) {
        for (JunicornHttpContext context : contexts) {
            if (context.getHandler() instanceof AutoCloseable closeable) {
                closeables.add(closeable);
            }
        }
    }

    private JunicornHttpContext exact(String path) {
        for (JunicornHttpContext context : contexts) {
            if (context.getPath().equals(path)) {
                return context;
            }
        }
        return null;
    }

    /**
     * The context with the longest path that {@code path} starts with, as the JDK matches (a plain string
     * prefix: context /app also takes /apple), or null.
     */
    JunicornHttpContext longestPrefix(String path) {
        JunicornHttpContext best = null;
        for (JunicornHttpContext context : contexts) {
            String prefix = context.getPath();
            if (path.startsWith(prefix) && (best == null || prefix.length() > best.getPath().length())) {
                best = context;
            }
        }
        return best;
    }
}
