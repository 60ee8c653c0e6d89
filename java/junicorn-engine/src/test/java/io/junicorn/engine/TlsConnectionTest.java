package io.junicorn.engine;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.engine.tls.TestCertificates;
import io.junicorn.engine.tls.TlsServer;
import io.junicorn.http.ParserOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP/1.1 over TLS on real loopback sockets: blocking (run) and non-blocking (serveAvailable) connections. */
@Timeout(60)
class TlsConnectionTest {
    /** Answers with what the exchange says about its TLS session. */
    static final HttpHandler TLS_INFO = exchange -> {
        byte[] body;
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            @SuppressWarnings("unchecked")
            List<X509Certificate> peer = (List<X509Certificate>) exchange.getAttribute(ExchangeAttributes.TLS_PEER_CERTIFICATES);
            body = (exchange.getRequestURI().getPath() + " " + exchange.getAttribute(ExchangeAttributes.REQUEST_SCHEME) + " "
                    + exchange.getAttribute(ExchangeAttributes.TLS_PROTOCOL) + " "
                    + exchange.getAttribute(ExchangeAttributes.TLS_APPLICATION_PROTOCOL) + " "
                    + (exchange.getAttribute(ExchangeAttributes.TLS_CIPHER_SUITE) != null) + " "
                    + (peer == null ? "no-peer" : peer.getFirst().getSubjectX500Principal().getName()))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    };

    private static TestCertificates certificates;
    private static SSLContext serverContext;

    @BeforeAll
    static void certificates() throws Exception {
        certificates = TestCertificates.shared();
        serverContext = certificates.serverContext();
    }

    /** HTTP/1.1 only, as the sync and gthread workers serve TLS; Http2Test covers h2 by ALPN. */
    private static EngineConfig tls(TlsServer.ClientAuth auth, int headerTimeoutMillis) {
        return new EngineConfig(true, 5000, headerTimeoutMillis, "junicorn-test", ParserOptions.DEFAULTS)
                .withTls(new TlsServer(serverContext, List.of("TLSv1.3", "TLSv1.2"), List.of(), auth))
                .withHttp2(Http2Config.DISABLED);
    }

    private static SSLSocket connect(int port, SSLContext context, String protocol, String... alpn) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        SSLParameters parameters = s.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        if (alpn.length > 0) {
            parameters.setApplicationProtocols(alpn);
        }
        s.setSSLParameters(parameters);
        return s;
    }

    @Test
    void keepAliveOverTlsOnPlatformAndVirtualThreads() throws Exception {
        for (boolean virtual : new boolean[] {false, true}) {
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                try (TestServer server = new TestServer(TLS_INFO, tls(TlsServer.ClientAuth.NONE, 5000),
                        new InetSocketAddress("127.0.0.1", 0), virtual);
                     SSLSocket s = connect(server.port(), certificates.clientContext(), protocol, "h2", "http/1.1")) {
                    TestServer.send(s, "GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
                    assertEquals("/one https " + protocol + " http/1.1 true no-peer", TestServer.read(s).body());
                    TestServer.send(s, "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 70000\r\n\r\n" + "b".repeat(70_000));
                    assertEquals("/two https " + protocol + " http/1.1 true no-peer", TestServer.read(s).body());
                    assertEquals(1, server.connections.size(), "both on one connection");
                }
            }
        }
    }

    @Test
    void alpnOffersOnlyHttp11WithoutHttp2() throws Exception {
        try (TestServer server = new TestServer(TLS_INFO, tls(TlsServer.ClientAuth.NONE, 5000))) {
            try (SSLSocket s = connect(server.port(), certificates.clientContext(), "TLSv1.3")) {
                TestServer.send(s, "GET /none HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals("/none https TLSv1.3  true no-peer", TestServer.read(s).body());
            }
            try (SSLSocket s = connect(server.port(), certificates.clientContext(), "TLSv1.3", "h2")) {
                IOException e = assertThrows(IOException.class, s::startHandshake);
                assertTrue(e.getMessage().contains("no_application_protocol"), e.getMessage());
            }
        }
        try (TestServer server = new TestServer(TLS_INFO, tls(TlsServer.ClientAuth.NONE, 5000).withHttp2(Http2Config.DEFAULTS));
             SSLSocket s = connect(server.port(), certificates.clientContext(), "TLSv1.3", "http/1.1", "h2")) {
            s.startHandshake();
            assertEquals("h2", s.getApplicationProtocol(), "with HTTP/2 on, the server's preference wins");
        }
    }

    @Test
    void requiredClientCertificate() throws Exception {
        try (TestServer server = new TestServer(TLS_INFO, tls(TlsServer.ClientAuth.NEED, 5000))) {
            try (SSLSocket s = connect(server.port(), certificates.clientContext(), "TLSv1.3")) {
                // TLS 1.3: the client learns of the refusal at its first read
                assertThrows(IOException.class, () -> {
                    TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                    TestServer.read(s);
                });
            }
            try (SSLSocket s = connect(server.port(), certificates.clientContextWithCertificate(), "TLSv1.3")) {
                TestServer.send(s, "GET /cert HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals("/cert https TLSv1.3  true CN=test client", TestServer.read(s).body());
            }
        }
    }

    @Test
    void plainHttpGetsA400AndTheServerGoesOn() throws Exception {
        try (TestServer server = new TestServer(TLS_INFO, tls(TlsServer.ClientAuth.NONE, 5000))) {
            try (Socket plain = server.connect()) {
                TestServer.send(plain, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                TestServer.Response response = TestServer.read(plain);
                assertEquals(400, response.status());
                assertTrue(response.body().contains("plain HTTP request sent to HTTPS port"), response.body());
            }
            try (SSLSocket s = connect(server.port(), certificates.clientContext(), "TLSv1.3")) {
                TestServer.send(s, "GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(200, TestServer.read(s).status());
            }
        }
    }

    @Test
    void theHeaderTimeoutBoundsTheHandshake() throws Exception {
        try (TestServer server = new TestServer(TLS_INFO, tls(TlsServer.ClientAuth.NONE, 300));
             Socket silent = server.connect()) {
            silent.getOutputStream().write(0x16); // the first byte of a ClientHello, then nothing
            long start = System.nanoTime();
            assertTrue(TestServer.closedByServer(silent), "closed by the server");
            assertTrue(System.nanoTime() - start < 4_000_000_000L, "within the header timeout, not the socket's");
        }
    }

    @Test
    void renegotiationIsRefused() throws Exception {
        try (TestServer server = new TestServer(TLS_INFO, tls(TlsServer.ClientAuth.NONE, 5000));
             SSLSocket s = connect(server.port(), certificates.clientContext(), "TLSv1.2")) {
            TestServer.send(s, "GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, TestServer.read(s).status());
            assertThrows(IOException.class, () -> { // the server closes: "Remote host terminated the handshake"
                s.startHandshake(); // TLS 1.2: a renegotiation
                TestServer.send(s, "GET /two HTTP/1.1\r\nHost: a\r\n\r\n");
                TestServer.read(s);
            });
        }
    }

    @Test
    void unixDomainSocket() throws Exception {
        Path dir = Files.createTempDirectory("junicorn-tls-unix");
        Path path = dir.resolve("s");
        try (TestServer server = new TestServer(TLS_INFO, tls(TlsServer.ClientAuth.NONE, 5000),
                UnixDomainSocketAddress.of(path), true);
             SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            javax.net.ssl.SSLEngine client = certificates.clientContext().createSSLEngine("localhost", 0);
            client.setUseClientMode(true);
            String body = new EngineClient(client, channel).exchange("GET /unix HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertTrue(body.startsWith("HTTP/1.1 200 "), body);
            assertTrue(body.endsWith("/unix https TLSv1.3  true no-peer"), body);
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * serveAvailable over TLS: the handshake and each request as they arrive, with the channel handed back to a
     * selector whenever it would wait; two requests written back to back may arrive in one read, the second
     * still encrypted in the session, and must be served without waiting for more bytes.
     */
    @Test
    void nonBlockingConnections() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             Selector selector = Selector.open()) {
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            Thread loop = Thread.ofPlatform().daemon().start(() -> {
                try {
                    SocketChannel channel = listener.accept();
                    channel.configureBlocking(false);
                    Http1Connection connection = new Http1Connection(channel, TLS_INFO,
                            tls(TlsServer.ClientAuth.NONE, 5000), new NoListener());
                    boolean open = connection.serveAvailable(); // the client's hello may not be there yet
                    while (open) {
                        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                        selector.select(10_000);
                        key.cancel();
                        selector.selectNow(); // deregistered: the connection may switch to blocking
                        open = connection.serveAvailable();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (SSLSocket s = connect(port, certificates.clientContext(), "TLSv1.3", "http/1.1")) {
                TestServer.send(s, "GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals("/one https TLSv1.3 http/1.1 true no-peer", TestServer.read(s).body());
                OutputStream out = s.getOutputStream();
                out.write("GET /two HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // one record
                out.write("GET /three HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // another
                out.flush();
                assertEquals("/two https TLSv1.3 http/1.1 true no-peer", TestServer.read(s).body());
                assertEquals("/three https TLSv1.3 http/1.1 true no-peer", TestServer.read(s).body());
            }
            loop.join(10_000);
            assertTrue(!loop.isAlive(), "the connection ended when the client closed");
        }
    }

    private static final class NoListener implements ConnectionListener {
        @Override
        public void requestStarted(com.sun.net.httpserver.HttpExchange exchange) {
        }

        @Override
        public void requestFinished(com.sun.net.httpserver.HttpExchange exchange, long bodyBytes, long durationNanos) {
        }

        @Override
        public boolean closeAfterResponse() {
            return false;
        }

        @Override
        public long closingSinceNanos() {
            throw new AssertionError("asked although closeAfterResponse is false");
        }
    }

    /** A minimal TLS client over a channel, for a unix-domain socket (SSLSocket speaks TCP only). */
    private record EngineClient(javax.net.ssl.SSLEngine engine, SocketChannel channel) {
        String exchange(String request) throws IOException {
            ByteBuffer app = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            ByteBuffer netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            ByteBuffer received = ByteBuffer.allocate(64 * 1024);
            engine.beginHandshake();
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> engine.getDelegatedTask().run();
                    case NEED_WRAP -> wrap(ByteBuffer.allocate(0), netOut);
                    case NEED_UNWRAP -> {
                        if (unwrap(netIn, received) < 0) {
                            throw new IOException("closed during the handshake");
                        }
                    }
                    default -> {
                        if (app.hasRemaining()) {
                            wrap(app, netOut);
                        } else if (unwrap(netIn, received) < 0) {
                            return new String(received.array(), 0, received.position(), StandardCharsets.US_ASCII);
                        }
                    }
                }
            }
        }

        private void wrap(ByteBuffer src, ByteBuffer netOut) throws IOException {
            netOut.clear();
            engine.wrap(src, netOut);
            netOut.flip();
            while (netOut.hasRemaining()) {
                channel.write(netOut);
            }
        }

        /** Unwraps one record, reading as needed: -1 once the server closed. */
        private int unwrap(ByteBuffer netIn, ByteBuffer dst) throws IOException {
            while (true) {
                netIn.flip();
                javax.net.ssl.SSLEngineResult r = engine.unwrap(netIn, dst);
                netIn.compact();
                if (r.getStatus() == javax.net.ssl.SSLEngineResult.Status.CLOSED) {
                    return -1;
                }
                if (r.getStatus() != javax.net.ssl.SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    return r.bytesProduced();
                }
                if (channel.read(netIn) < 0) {
                    return -1;
                }
            }
        }
    }
}
