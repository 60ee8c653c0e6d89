package io.junicorn.engine;

import io.junicorn.http.ParserOptions;

import com.sun.net.httpserver.HttpHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener (127.0.0.1 unless told otherwise) owned by the test, one thread per accepted connection running Http1Connection. */
final class TestServer implements AutoCloseable, ConnectionListener {
    static final EngineConfig DEFAULT = new EngineConfig(true, 5000, 5000, "junicorn-test", ParserOptions.DEFAULTS);

    final ServerSocketChannel listener;
    final List<Http1Connection> connections = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    volatile boolean closeAfterResponse;
    /** When closeAfterResponse was set (nanoTime), as a retiring worker says. */
    volatile long closingSinceNanos;
    private final Thread acceptor;

    TestServer(HttpHandler handler) throws IOException {
        this(handler, DEFAULT);
    }

    TestServer(HttpHandler handler, EngineConfig config) throws IOException {
        this(handler, config, new InetSocketAddress("127.0.0.1", 0), true);
    }

    /** Listens on {@code address} (TCP or unix-domain), serving each connection on a virtual or a platform thread. */
    TestServer(HttpHandler handler, EngineConfig config, SocketAddress address, boolean virtual) throws IOException {
        listener = address instanceof UnixDomainSocketAddress
                ? ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address)
                : ServerSocketChannel.open().bind(address);
        Thread.Builder connectionThreads = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        acceptor = new Thread(() -> {
            while (listener.isOpen()) {
                try {
                    SocketChannel ch = listener.accept();
                    Http1Connection c = new Http1Connection(ch, handler, config, this);
                    connections.add(c);
                    Thread t = connectionThreads.name("conn-" + connections.size()).start(c);
                    threads.add(t);
                } catch (IOException e) {
                    return;
                }
            }
        }, "acceptor");
        acceptor.start();
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", port());
        s.setSoTimeout(5000);
        return s;
    }

    /** Waits (bounded) until {@code n} connections were accepted. */
    Http1Connection connection(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (connections.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connection " + n + " not accepted in time");
            }
            Thread.sleep(5);
        }
        return connections.get(n - 1);
    }

    @Override
    public void requestStarted(com.sun.net.httpserver.HttpExchange exchange) {
        started.incrementAndGet();
    }

    @Override
    public void requestFinished(com.sun.net.httpserver.HttpExchange exchange, long bodyBytes, long durationNanos) {
        finished.incrementAndGet();
    }

    /** Connections upgraded after a 101, as a worker keeps them, until they close. */
    final List<UpgradedHttp1Connection> upgraded = new CopyOnWriteArrayList<>();
    final AtomicInteger upgradedClosed = new AtomicInteger();

    @Override
    public void connectionUpgraded(UpgradedHttp1Connection connection) {
        upgraded.add(connection);
    }

    @Override
    public void upgradedConnectionClosed(UpgradedHttp1Connection connection) {
        upgraded.remove(connection);
        upgradedClosed.incrementAndGet();
    }

    @Override
    public boolean closeAfterResponse() {
        return closeAfterResponse;
    }

    @Override
    public long closingSinceNanos() {
        return closingSinceNanos;
    }

    /** The worker retires from now: as WorkerContext's graceful stop. */
    void retire() {
        closingSinceNanos = System.nanoTime();
        closeAfterResponse = true;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        try {
            acceptor.join(5000);
            for (Thread t : threads) {
                if (!t.join(java.time.Duration.ofSeconds(5))) {
                    throw new AssertionError("connection thread still running: " + t);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the test server", e);
        }
    }

    static void send(Socket s, String raw) throws IOException {
        s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    record Response(String statusLine, Map<String, String> headers, String body) {
        int status() {
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Reads one response: head, then a body framed by Content-Length, chunked, or close (unless HEAD). */
    static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.merge(l.substring(0, colon).toLowerCase(java.util.Locale.ROOT), l.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        if (head || status == 204 || status == 304 || status < 200) {
            // no body
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equals(headers.get("transfer-encoding"))) {
            while (true) {
                int size = Integer.parseInt(line(in), 16);
                if (size == 0) {
                    if (!line(in).isEmpty()) {
                        throw new IOException("trailers not expected");
                    }
                    break;
                }
                body.write(in.readNBytes(size));
                if (!line(in).isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(statusLine, headers, body.toString(StandardCharsets.ISO_8859_1));
    }

    static Response read(Socket s) throws IOException {
        return read(s.getInputStream(), false);
    }

    /** One CRLF-terminated line without the CRLF; null at end of stream before any byte. */
    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return sb.isEmpty() ? null : sb.toString();
            }
            if (b == '\n') {
                if (sb.isEmpty() || sb.charAt(sb.length() - 1) != '\r') {
                    throw new IOException("bare LF from the server");
                }
                return sb.substring(0, sb.length() - 1);
            }
            sb.append((char) b);
        }
    }

    /** True when the server closed: EOF within the socket's timeout, with no further bytes. */
    static boolean closedByServer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    /** True when nothing arrives within {@code millis}. */
    static boolean silentFor(Socket s, int millis) throws IOException {
        int old = s.getSoTimeout();
        s.setSoTimeout(millis);
        try {
            int b = s.getInputStream().read();
            throw new AssertionError("unexpected " + (b < 0 ? "EOF" : "byte " + b));
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            s.setSoTimeout(old);
        }
    }
}
