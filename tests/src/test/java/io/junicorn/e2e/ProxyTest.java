package io.junicorn.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behind a proxy: the remote address the access log's %(h)s shows, from a trusted proxy's X-Forwarded-For,
 * from a PROXY protocol v1 or v2 header, or the real peer when the proxy is not trusted; and a PROXY header
 * from a peer outside proxy_allow_ips refused with 403.
 */
class ProxyTest {
    private static final String FORMAT = "%(h)s %(q)s";
    private static final byte[] V2_SIGNATURE = {'\r', '\n', '\r', '\n', 0, '\r', '\n', 'Q', 'U', 'I', 'T', '\n'};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "nio"})
    void trustedProxiesNameTheClient(String workerClass) throws Exception {
        Path accessLog = dir.resolve("access-" + workerClass + ".log");
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", workerClass, "--proxy-protocol", "auto",
                "--access-logfile", accessLog.toString(), "--access-logformat", FORMAT)) {
            int port = server.port();
            // 127.0.0.1 is in the default forwarded_allow_ips: the client is the rightmost untrusted hop
            assertEquals(200, request(port, new byte[0], "xff", "X-Forwarded-For: 198.51.100.7, 203.0.113.9\r\n"));
            assertEquals("203.0.113.9 xff", AccessLogTest.awaitLine(accessLog, " xff"));

            byte[] v1 = "PROXY TCP4 192.0.2.10 192.0.2.1 40000 80\r\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(200, request(port, v1, "v1", ""));
            assertEquals("192.0.2.10 v1", AccessLogTest.awaitLine(accessLog, " v1"));

            byte[] v2 = v2(0x21, 0x21, "20010db8000000000000000000000005" + "20010db8000000000000000000000001"
                    + "9c400050");
            assertEquals(200, request(port, v2, "v2", ""));
            assertEquals("2001:db8::5 v2", AccessLogTest.awaitLine(accessLog, " v2"));

            // LOCAL: the proxy's own health check keeps the real peer
            assertEquals(200, request(port, v2(0x20, 0x00, ""), "local", ""));
            assertEquals("127.0.0.1 local", AccessLogTest.awaitLine(accessLog, " local"));

            assertEquals(200, request(port, new byte[0], "plain", ""));
            assertEquals("127.0.0.1 plain", AccessLogTest.awaitLine(accessLog, " plain"));

            assertEquals(400, request(port, "PROXY TCP4 192.0.2.10 nowhere 1 2\r\n".getBytes(StandardCharsets.US_ASCII),
                    "malformed", ""));
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
            server.assertNoUnexpectedErrors();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "nio"})
    void untrustedPeersAreNotBelieved(String workerClass) throws Exception {
        Path accessLog = dir.resolve("access-" + workerClass + ".log");
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", workerClass, "--forwarded-allow-ips", "10.0.0.0/8",
                "--proxy-protocol", "v1", "--proxy-allow-from", "10.0.0.0/8, 192.168.0.0/16",
                "--access-logfile", accessLog.toString(), "--access-logformat", FORMAT)) {
            int port = server.port();
            byte[] v1 = "PROXY TCP4 192.0.2.10 192.0.2.1 40000 80\r\n".getBytes(StandardCharsets.US_ASCII);
            assertEquals(403, request(port, v1, "forbidden", ""), "a PROXY header from 127.0.0.1");

            assertEquals(200, request(port, new byte[0], "ignored", "X-Forwarded-For: 203.0.113.9\r\n"));
            assertEquals("127.0.0.1 ignored", AccessLogTest.awaitLine(accessLog, " ignored"));
            // the one worker served ignored after the refused connection ended: it had nothing to log for it
            assertTrue(AccessLogTest.lines(accessLog).stream().noneMatch(l -> l.contains("forbidden")),
                    AccessLogTest.lines(accessLog).toString());
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
            server.assertNoUnexpectedErrors();
        }
    }

    /**
     * One connection: the prefix, then a GET of Hello's / with the tag as its query (the log's %(q)s); returns the status after checking that a refusal closes the
     * connection with Connection: close.
     */
    private static int request(int port, byte[] prefix, String tag, String fields) throws IOException {
        try (Socket socket = Http.connect(port)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(prefix);
            out.writeBytes(("GET /?" + tag + " HTTP/1.1\r\nHost: proxied.test\r\n" + fields + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(out.toByteArray());
            Http.Response response = Http.read(socket.getInputStream());
            if (response.status() != 200) {
                assertTrue(response.head().toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"),
                        response.head());
                assertEquals(-1, socket.getInputStream().read(), "closed after the refusal");
            }
            return response.status();
        }
    }

    private static byte[] v2(int versionCommand, int family, String blockHex) {
        byte[] block = HexFormat.of().parseHex(blockHex);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        out.writeBytes(new byte[] {(byte) versionCommand, (byte) family, (byte) (block.length >> 8), (byte) block.length});
        out.writeBytes(block);
        return out.toByteArray();
    }
}
