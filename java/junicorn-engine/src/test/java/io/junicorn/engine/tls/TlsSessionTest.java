package io.junicorn.engine.tls;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TlsSession without sockets: a client SSLEngine and the server session exchange bytes through memory, the
 * server's network input cut into reads of every size from 1 byte up, so every record and handshake message
 * arrives split at every point.
 */
@Timeout(120)
class TlsSessionTest {
    private static SSLContext server;
    private static SSLContext client;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certificates = TestCertificates.shared();
        server = certificates.serverContext();
        client = certificates.clientContext();
    }

    @Test
    void everyReadSplitGivesTheSameBytes() throws Exception {
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            for (int split : new int[] {1, 2, 3, 5, 7, 13, 64, 517, 4096, Integer.MAX_VALUE}) {
                Pair pair = new Pair(protocol, new String[] {"http/1.1"}, split);
                String request = "GET / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(50); // several records' worth when split
                pair.clientSends(request);
                assertEquals(request, pair.serverReceives(request.length()), protocol + " split " + split);
                String response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" + "x".repeat(40_000);
                pair.serverSends(response);
                assertEquals(response, pair.clientReceives(response.length()), protocol + " split " + split);
                assertEquals(protocol, pair.session.session().getProtocol());
                assertEquals("http/1.1", pair.session.applicationProtocol());
            }
        }
    }

    @Test
    void alpnAcceptsOnlyHttp11() throws Exception {
        assertEquals("http/1.1", handshake(new String[] {"h2", "http/1.1"}).applicationProtocol());
        assertEquals("", handshake(null).applicationProtocol(), "no ALPN from the client is fine");
        SSLHandshakeException refused = assertThrows(SSLHandshakeException.class, () -> handshake(new String[] {"h2"}));
        assertTrue(refused.getMessage().contains("application"), refused.getMessage());
    }

    @Test
    void closeNotifyEndsTheInput() throws Exception {
        Pair pair = new Pair("TLSv1.3", null, Integer.MAX_VALUE);
        pair.clientSends("x");
        assertEquals("x", pair.serverReceives(1));
        pair.clientEngine.closeOutbound();
        pair.pumpClient();
        ByteBuffer app = ByteBuffer.allocate(100);
        assertEquals(TlsSession.Status.CLOSED, pair.drive(app));
    }

    @Test
    void plainHttpIsRecognizedBeforeTheEngine() throws Exception {
        TlsSession session = new TlsServer(server, List.of("TLSv1.3"), List.of(), TlsServer.ClientAuth.NONE).newSession(null, false);
        byte[] plain = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        session.readFrom(dst -> {
            dst.put(plain);
            return plain.length;
        });
        assertThrows(TlsSession.PlainHttpException.class, () -> session.unwrap(ByteBuffer.allocate(100)));
        assertTrue(new String(TlsSession.PLAIN_HTTP_RESPONSE, StandardCharsets.US_ASCII)
                .contains("plain HTTP request sent to HTTPS port"));
    }

    private static TlsSession handshake(String[] alpn) throws Exception {
        Pair pair = new Pair("TLSv1.3", alpn, Integer.MAX_VALUE);
        pair.clientSends("x");
        pair.serverReceives(1);
        return pair.session;
    }

    /** A client engine and a server session joined by memory; the server reads at most {@code split} bytes at a time. */
    private static final class Pair {
        final SSLEngine clientEngine;
        final TlsSession session;
        final int split;
        final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        int toServerRead;
        ByteBuffer toClient = ByteBuffer.allocate(0);
        final ByteBuffer clientApp = ByteBuffer.allocate(64 * 1024);

        Pair(String protocol, String[] alpn, int split) throws Exception {
            clientEngine = client.createSSLEngine("127.0.0.1", 443);
            clientEngine.setUseClientMode(true);
            SSLParameters parameters = clientEngine.getSSLParameters();
            parameters.setProtocols(new String[] {protocol});
            if (alpn != null) {
                parameters.setApplicationProtocols(alpn);
            }
            clientEngine.setSSLParameters(parameters);
            clientEngine.beginHandshake();
            session = new TlsServer(server, List.of("TLSv1.3", "TLSv1.2"), List.of(), TlsServer.ClientAuth.NONE)
                    .newSession(null, false);
            this.split = split;
        }

        void clientSends(String text) throws Exception {
            ByteBuffer src = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (src.hasRemaining() || clientEngine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                clientStep(src);
                drive(ByteBuffer.allocate(0));
            }
            pumpClient();
        }

        /** Client side: wraps what it must into toServer, unwraps what the server sent. */
        void clientStep(ByteBuffer src) throws SSLException {
            switch (clientEngine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    for (Runnable t = clientEngine.getDelegatedTask(); t != null; t = clientEngine.getDelegatedTask()) {
                        t.run();
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!toClient.hasRemaining()) {
                        return; // the server has more to do first
                    }
                    clientEngine.unwrap(toClient, clientApp);
                }
                default -> {
                    ByteBuffer out = ByteBuffer.allocate(clientEngine.getSession().getPacketBufferSize());
                    clientEngine.wrap(src, out);
                    toServer.write(out.array(), 0, out.position());
                }
            }
        }

        void pumpClient() throws SSLException {
            ByteBuffer out = ByteBuffer.allocate(clientEngine.getSession().getPacketBufferSize());
            clientEngine.wrap(ByteBuffer.allocate(0), out);
            toServer.write(out.array(), 0, out.position());
        }

        /** Server side: one round of unwrap, feeding reads and taking writes. */
        TlsSession.Status drive(ByteBuffer app) throws Exception {
            while (true) {
                TlsSession.Status status = session.unwrap(app);
                switch (status) {
                    case NEED_WRITE -> takeServerOutput();
                    case NEED_READ -> {
                        byte[] all = toServer.toByteArray();
                        if (toServerRead == all.length) {
                            takeServerOutput();
                            return status;
                        }
                        int n = (int) Math.min((long) split, all.length - toServerRead);
                        int from = toServerRead;
                        toServerRead += session.readFrom(dst -> {
                            int k = Math.min(n, dst.remaining());
                            dst.put(all, from, k);
                            return k;
                        });
                    }
                    default -> {
                        takeServerOutput();
                        return status;
                    }
                }
            }
        }

        void takeServerOutput() throws Exception {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            WritableByteChannel channel = java.nio.channels.Channels.newChannel(sink);
            while (session.hasPendingOutput()) {
                session.writeTo(channel);
            }
            ByteBuffer more = ByteBuffer.allocate(toClient.remaining() + sink.size());
            more.put(toClient).put(sink.toByteArray()).flip();
            toClient = more;
        }

        String serverReceives(int length) throws Exception {
            ByteBuffer app = ByteBuffer.allocate(length);
            while (app.hasRemaining()) {
                ByteBuffer chunk = ByteBuffer.allocate(Math.min(split, app.remaining()));
                TlsSession.Status status = drive(chunk);
                app.put(chunk.flip());
                assertEquals(TlsSession.Status.OK, status, "all the client sent is there, yet not decrypted");
            }
            return new String(app.array(), StandardCharsets.US_ASCII);
        }

        void serverSends(String text) throws Exception {
            ByteBuffer src = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (src.hasRemaining()) {
                TlsSession.Status status = session.wrap(src);
                takeServerOutput();
                assertTrue(status == TlsSession.Status.OK || status == TlsSession.Status.NEED_WRITE, status.toString());
            }
        }

        String clientReceives(int length) throws Exception {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            while (received.size() < length) {
                clientApp.clear();
                SSLEngineResult r = clientEngine.unwrap(toClient, clientApp);
                assertEquals(SSLEngineResult.Status.OK, r.getStatus());
                received.write(clientApp.array(), 0, clientApp.position());
            }
            return received.toString(StandardCharsets.US_ASCII);
        }
    }
}
