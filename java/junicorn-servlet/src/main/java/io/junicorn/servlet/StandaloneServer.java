package io.junicorn.servlet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.junicorn.engine.ConnectionListener;
import io.junicorn.engine.EngineConfig;
import io.junicorn.engine.Http1Connection;
import io.junicorn.engine.UpgradedHttp1Connection;
import io.junicorn.http.ParserOptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * junicorn's engine in one process, outside junicorn's master and workers: what {@code java -jar app.jar}, an IDE
 * or {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} get from the starter, so the application they try is
 * served by the same engine and container as in production. One listener, an accepting platform thread (not a
 * daemon: it keeps the JVM alive once the application's main returns, as Tomcat's await thread does) and a
 * virtual thread per connection, with keep-alive; a connection upgraded after a 101 (WebSocket) keeps its thread,
 * and is told to say goodbye when the server stops accepting.
 */
final class StandaloneServer implements ConnectionListener {
    /** Tomcat's default connectionTimeout, which Spring Boot users have: a head's and an idle connection's wait. */
    private static final int CONNECTION_TIMEOUT_MILLIS = 20_000;
    /** Far more than the signal to a thread blocked in accept takes; only a wedged JVM waits this long. */
    private static final Duration ACCEPTOR_EXIT_WAIT = Duration.ofSeconds(5);

    private final ServerSocketChannel listener;
    private final Map<Http1Connection, SocketChannel> connections = new ConcurrentHashMap<>();
    /** Connections upgraded after a 101 (WebSocket sessions): told when the server stops accepting. */
    private final Set<UpgradedHttp1Connection> upgraded = ConcurrentHashMap.newKeySet();
    private final EngineConfig engine;
    private final HttpHandler handler;
    private Thread acceptor;
    private volatile long closingSince;
    private volatile boolean closing;

    private StandaloneServer(ServerSocketChannel listener, HttpHandler handler, EngineConfig engine) {
        this.listener = listener;
        this.handler = handler;
        this.engine = engine;
    }

    /** @param maxHeaderBytes the largest header field accepted (0: junicorn's default, 8190 as gunicorn's) */
    static StandaloneServer start(InetSocketAddress address, HttpHandler handler, int maxHeaderBytes) throws IOException {
        ParserOptions defaults = ParserOptions.DEFAULTS;
        ParserOptions parser = new ParserOptions(defaults.maxRequestLine(), defaults.maxFields(),
                maxHeaderBytes > 0 ? maxHeaderBytes : defaults.maxFieldSize(), false, false, defaults.headerMap(),
                false, false, false, false);
        EngineConfig engine = new EngineConfig(true, CONNECTION_TIMEOUT_MILLIS, CONNECTION_TIMEOUT_MILLIS, null, parser)
                .withConnectionUpgrades(true);
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.bind(address);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        StandaloneServer server = new StandaloneServer(listener, handler, engine);
        server.acceptor = Thread.ofPlatform().name("junicorn-accept-" + server.port()).start(server::acceptLoop);
        return server;
    }

    int port() {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return; // stopAccepting
            } catch (IOException e) {
                AppServletContext.log.error("accepting a connection failed: {}", e.toString());
                continue;
            }
            Http1Connection connection = new Http1Connection(channel, handler, engine, this);
            connections.put(connection, channel);
            Thread.ofVirtual().name("junicorn-conn").start(() -> {
                try {
                    connection.run();
                } finally {
                    connections.remove(connection);
                }
            });
        }
    }

    /**
     * No new connection; kept-alive ones close after their next response, or soon when idle. Returns once the
     * listening socket is gone: closing a channel another thread is blocked accepting on only signals that thread,
     * and the kernel keeps the socket listening (queueing connections nobody will take) until its accept returns.
     */
    void stopAccepting() {
        if (!closing) {
            closingSince = System.nanoTime();
            closing = true;
        }
        try {
            listener.close();
        } catch (IOException e) {
            AppServletContext.log.warn("closing the listener failed: {}", e.toString());
        }
        if (Thread.currentThread() != acceptor) {
            try {
                if (!acceptor.join(ACCEPTOR_EXIT_WAIT)) {
                    AppServletContext.log.warn("the accepting thread did not end within {}", ACCEPTOR_EXIT_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long now = System.nanoTime();
        connections.keySet().forEach(connection -> connection.closeIfDrained(now));
        upgraded.forEach(connection -> Thread.ofVirtual().name("junicorn-goodbye").start(connection::goingAway));
    }

    /**
     * Every connection closed now, as Tomcat's stop does after its graceful shutdown ran or was skipped: closing
     * the channel wakes the connection's thread, which then ends.
     */
    void close() {
        stopAccepting();
        for (SocketChannel channel : connections.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                AppServletContext.log.debug("closing a connection failed: {}", e.toString());
            }
        }
    }

    @Override
    public void connectionUpgraded(UpgradedHttp1Connection connection) {
        upgraded.add(connection);
        if (closing) {
            connection.goingAway();
        }
    }

    @Override
    public void upgradedConnectionClosed(UpgradedHttp1Connection connection) {
        upgraded.remove(connection);
    }

    @Override
    public void requestStarted(HttpExchange exchange) {
    }

    @Override
    public void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
    }

    @Override
    public boolean closeAfterResponse() {
        return closing;
    }

    @Override
    public long closingSinceNanos() {
        return closingSince;
    }
}
