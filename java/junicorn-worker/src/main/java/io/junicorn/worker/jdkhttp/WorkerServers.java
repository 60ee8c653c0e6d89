package io.junicorn.worker.jdkhttp;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HttpServers of this worker JVM. The JDK finds its HttpServerProvider through ServiceLoader and constructs
 * it itself, so the worker and the servers the application creates meet here, in the one instance of the
 * process: the application's servers register as they start, and {@link #dispatcher()} serves every context
 * of every started server on the worker's listeners.
 */
public final class WorkerServers {
    private static final WorkerServers INSTANCE = new WorkerServers();

    private final List<JunicornHttpServer> started = new CopyOnWriteArrayList<>();
    private final ContextDispatcher dispatcher = new ContextDispatcher(this);
    private final CompletableFuture<Void> firstStart = new CompletableFuture<>();
    private final List<Runnable> gracefulStopActions = new CopyOnWriteArrayList<>();
    private volatile InetSocketAddress listenerAddress;
    private Runnable stopAction;
    private boolean stopRequested;

    private WorkerServers() {
    }

    /** The process's servers. */
    public static WorkerServers get() {
        return INSTANCE;
    }

    /** What getAddress answers: the first TCP listener the worker inherited (none when all are unix sockets). */
    public void listeners(List<ServerSocketChannel> listeners) throws IOException {
        for (ServerSocketChannel listener : listeners) {
            SocketAddress address = listener.getLocalAddress();
            if (address instanceof InetSocketAddress inet) {
                listenerAddress = inet;
                return;
            }
        }
    }

    InetSocketAddress listenerAddress() {
        return listenerAddress;
    }

    /** The handler the worker's connections run: routes each request to the started servers' contexts. */
    public HttpHandler dispatcher() {
        return dispatcher;
    }

    /** A new server, as {@code HttpServer.create(address, 0)} makes in this worker. */
    public HttpServer create(InetSocketAddress address) {
        return new JunicornHttpServer(this, address);
    }

    /** Serves {@code handler} as the context "/" of a started server, and returns the dispatcher. */
    public HttpHandler serveAtRoot(HttpHandler handler) {
        HttpServer server = create(listenerAddress);
        server.createContext("/", handler);
        server.start();
        return dispatcher;
    }

    /** Completes when the application started its first server. */
    public CompletableFuture<Void> firstStart() {
        return firstStart;
    }

    /** Runs {@code action} once a started server is stopped (at once if one already was). */
    public void onStop(Runnable action) {
        boolean now;
        synchronized (this) {
            stopAction = action;
            now = stopRequested;
        }
        if (now) {
            action.run();
        }
    }

    /**
     * Runs {@code action} when the worker begins its graceful stop, while its in-flight requests still run: a
     * Spring Boot application's readiness turns to REFUSING_TRAFFIC there (junicorn-servlet's ServletServer).
     */
    public void onGracefulStop(Runnable action) {
        gracefulStopActions.add(action);
    }

    /**
     * The worker began its graceful stop: the actions run on a thread of their own, so that an application's
     * listener never holds up the signal that stops the worker.
     */
    public void gracefulStopBegan() {
        if (gracefulStopActions.isEmpty()) {
            return;
        }
        Thread.ofPlatform().name("junicorn-graceful-stop").start(() -> {
            for (Runnable action : gracefulStopActions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(WorkerServers.class).error("The application's graceful stop action"
                            + " failed: {}", e.toString(), e);
                }
            }
        });
    }

    void started(JunicornHttpServer server) {
        started.add(server);
        firstStart.complete(null);
    }

    void stopped(JunicornHttpServer server) {
        Runnable action;
        synchronized (this) {
            if (!started.remove(server)) {
                return; // never started: nothing was served
            }
            stopRequested = true;
            action = stopAction;
        }
        if (action != null) {
            action.run();
        }
    }

    /** The handlers of the started servers' contexts that implement AutoCloseable, to close at worker exit. */
    public List<AutoCloseable> closeableHandlers() {
        List<AutoCloseable> closeables = new java.util.ArrayList<>();
        for (JunicornHttpServer server : started) {
            server.closeableHandlers(closeables);
        }
        return closeables;
    }

    /** The longest-prefix context among the started servers; the first started server wins a tie. */
    JunicornHttpContext find(String path) {
        JunicornHttpContext best = null;
        for (JunicornHttpServer server : started) {
            JunicornHttpContext context = server.longestPrefix(path);
            if (context != null && (best == null || context.getPath().length() > best.getPath().length())) {
                best = context;
            }
        }
        return best;
    }
}
