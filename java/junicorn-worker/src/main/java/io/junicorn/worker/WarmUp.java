package io.junicorn.worker;

import com.sun.net.httpserver.HttpExchange;
import io.junicorn.engine.ConnectionListener;
import io.junicorn.engine.EngineConfig;
import io.junicorn.engine.Http1Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A new JVM's first request is slow: 27-34 ms inside the worker (the access log's %(D)s) against 0.2-0.6 ms for
 * the next, and nearly all of it is junicorn's and the JDK's (the connection, the codec, the response path, the
 * socket and virtual-thread machinery behind them), not the application's: after one request that junicorn
 * answered itself, the application's first took 1-3 ms (docs/performance.md). So a worker pays for that first run
 * before it accepts: one request of its own over loopback, through the engine, to a handler of its own. The
 * application, the access log, the metrics and the request count never see it. It runs once per JVM, in 35-60 ms of
 * its boot, and whatever goes wrong in it only costs the worker its warm start.
 */
final class WarmUp {
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private static final int TIMEOUT_MILLIS = 5000;
    private static final byte[] REQUEST = ("GET /junicorn/warm-up?q=1 HTTP/1.1\r\nHost: localhost\r\n"
            + "User-Agent: junicorn\r\nAccept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY = "warm\n".getBytes(StandardCharsets.US_ASCII);

    private WarmUp() {
    }

    /**
     * Returns whether the request was answered as it should be: the path ran once, start to end.
     *
     * @param onVirtualThread whether the worker serves on virtual threads (virtual, nio): the others must not
     *                        start the JDK's virtual-thread scheduler and pollers, which they never use (they cost a
     *                        sync worker's replacement 200-370 ms and 2-5 MiB when the warm-up started them)
     */
    static boolean run(EngineConfig engine, boolean onVirtualThread) {
        long start = System.nanoTime();
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            try (Socket client = new Socket()) {
                client.connect(listener.getLocalAddress(), TIMEOUT_MILLIS);
                client.setSoTimeout(TIMEOUT_MILLIS);
                SocketChannel accepted = listener.accept();
                Thread.Builder threads = onVirtualThread ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true);
                Thread serving = threads.name("junicorn-warm-up").start(() -> {
                    try (accepted) {
                        new Http1Connection(accepted, WarmUp::answer, engine, UNSEEN).run();
                    } catch (IOException | RuntimeException e) {
                        log.debug("warm-up connection: {}", e.toString());
                    }
                });
                Socket speaking = engine.tls() == null ? client : handshake(client);
                OutputStream out = speaking.getOutputStream();
                out.write(REQUEST);
                out.flush();
                String response = new String(speaking.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                if (!serving.join(Duration.ofMillis(TIMEOUT_MILLIS)) || !response.startsWith("HTTP/1.1 200 ")) {
                    log.debug("warm-up request answered {}", response.lines().findFirst().orElse("nothing"));
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("warm-up request failed: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        log.debug("Warmed the request path{} in {} ms", engine.tls() == null ? "" : " with TLS",
                (System.nanoTime() - start) / 1_000_000);
        return true;
    }

    /**
     * With --certfile a worker's listeners speak TLS, whose first handshake in a JVM is the slowest part of a first
     * request: the warm-up shakes hands as a client would. The peer is this process's own listener on loopback, so
     * its certificate is not checked; without ALPN the connection speaks HTTP/1.1. When the server asks for a
     * client certificate (--cert-reqs 2) the handshake fails after warming the server's side of it.
     */
    private static Socket handshake(Socket client) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {TRUST_OWN_LISTENER}, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(client, "localhost", client.getPort(),
                    true);
            tls.startHandshake();
            return tls;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Accepts any certificate: the peer is the worker itself, over loopback, on a listener of its own. */
    private static final X509TrustManager TRUST_OWN_LISTENER = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private static void answer(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, BODY.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(BODY);
        }
    }

    /** Nothing of the warm-up reaches the worker's observers: it is not a request anybody made. */
    private static final ConnectionListener UNSEEN = new ConnectionListener() {
        @Override
        public void requestStarted(HttpExchange exchange) {
        }

        @Override
        public void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
        }

        @Override
        public boolean closeAfterResponse() {
            return false;
        }

        @Override
        public long closingSinceNanos() {
            return 0;
        }
    };
}
