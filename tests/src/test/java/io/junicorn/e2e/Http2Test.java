package io.junicorn.e2e;

import io.junicorn.http.Http2Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 end to end with real clients: curl (h2c by prior knowledge, h2c by Upgrade, h2 over TLS by ALPN) and the
 * JDK HttpClient (Upgrade and ALPN, concurrent streams, a 1 MiB body each way) against the nio and virtual
 * workers running an unchanged HttpExchange application (Echo); HTTP/1.1 on the same port; and the sync and
 * gthread workers refusing HTTP/2 with GOAWAY HTTP_1_1_REQUIRED.
 */
class Http2Test {
    private static final String ECHO = "io.junicorn.examples.Echo";

    @TempDir
    static Path certs;

    @BeforeAll
    static void makeCertificate() throws Exception {
        Files.writeString(certs.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(certs, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
                "server.pem", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1");
    }

    static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " finished");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }

    private static Junicorn start(String workerClass, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-w", "1", "-k", workerClass, "--threads", "2", "-b", "127.0.0.1:0",
                "--class-path", Junicorn.HELLO_JAR));
        args.addAll(List.of(extra));
        args.add(ECHO);
        Junicorn server = Junicorn.start(args);
        server.port(); // bound: a first request waits in the listen queue until the worker serves it
        return server;
    }

    /** curl's output (the body) and, on its last line, the HTTP version it spoke. */
    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-w", "\n%{http_version}"));
        command.addAll(List.of(args));
        return run(certs, command.toArray(String[]::new));
    }

    @Test
    void h2cByPriorKnowledgeAndUpgradeBesideHttp11() throws Exception {
        for (String workerClass : List.of("nio", "virtual")) {
            try (Junicorn server = start(workerClass)) {
                String base = "http://127.0.0.1:" + server.port();
                String prior = curl("--http2-prior-knowledge", base + "/a?b=1");
                assertTrue(prior.endsWith("\n2"), workerClass + ": " + prior);
                assertTrue(prior.contains("\"version\":\"HTTP/2.0\""), prior);
                assertTrue(prior.contains("\"target\":\"/a?b=1\""), prior);
                assertTrue(prior.contains("[\"host\",\"127.0.0.1:" + server.port() + "\"]"), ":authority as Host: " + prior);

                String upgraded = curl("--http2", base + "/upgrade");
                assertTrue(upgraded.endsWith("\n2"), "a GET is upgraded to h2c: " + upgraded);
                assertTrue(upgraded.contains("\"target\":\"/upgrade\""), upgraded);
                String withBody = curl("--http2", "--data-binary", "hello", base + "/body");
                assertTrue(withBody.endsWith("\n1.1"), "an upgrade with a body is served over HTTP/1.1: " + withBody);
                assertTrue(withBody.contains("\"body_b64\":\"aGVsbG8=\""), withBody);

                byte[] upload = new byte[200_000];
                new java.util.Random(7).nextBytes(upload);
                Files.write(certs.resolve("upload.bin"), upload);
                String continued = curl("-v", "--http2-prior-knowledge", "-H", "Expect: 100-continue", "--data-binary",
                        "@upload.bin", "-o", "continued.json", base + "/continue");
                assertTrue(continued.contains("< HTTP/2 100"), "100 Continue once the body is read: " + continued);
                assertTrue(Files.readString(certs.resolve("continued.json")).contains("\"body_b64\":\""
                        + Base64.getEncoder().encodeToString(upload) + "\""), "200 kB through a 64 KiB stream window");

                assertEquals(200, Http.get(server.port(), "/one").status(), "HTTP/1.1 on the same port");
                jdkClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build(), base);
                server.stopCleanly();
            }
        }
    }

    @Test
    void h2OverTlsByAlpn() throws Exception {
        for (String workerClass : List.of("nio", "virtual")) {
            try (Junicorn server = start(workerClass, "--certfile", certs.resolve("server.pem").toString(),
                    "--keyfile", certs.resolve("server.key").toString())) {
                String base = "https://127.0.0.1:" + server.port();
                String got = curl("--http2", "-k", base + "/tls");
                assertTrue(got.endsWith("\n2"), workerClass + ": " + got);
                assertTrue(got.contains("\"application_protocol\":\"h2\""), got);
                assertTrue(got.contains("\"scheme\":\"https\""), got);
                String http11 = curl("--http1.1", "-k", base + "/tls");
                assertTrue(http11.endsWith("\n1.1"), "a client offering only http/1.1 gets it: " + http11);
                jdkClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trusting()).build(), base);
                server.stopCleanly();
            }
        }
    }

    /** Twenty concurrent streams on one connection, and a 1 MiB request body whose echo is 1.3 MiB. */
    private static void jdkClient(HttpClient client, String base) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            concurrent.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/c" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = concurrent.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertTrue(r.body().contains("\"target\":\"/c" + i + "\""), r.body());
        }
        byte[] large = new byte[1 << 20];
        new java.util.Random(9113).nextBytes(large);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/large"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(large)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, post.version());
        assertTrue(post.body().contains("\"body_b64\":\"" + Base64.getEncoder().encodeToString(large) + "\""),
                "the body went through flow control both ways intact");
    }

    /** A Servlet application, a JAX-RS one and a main-mode one, each unchanged, over h2c. */
    @Test
    void applicationsAreUnchanged() throws Exception {
        String testClasses = AppSpecTest.testClasses();
        record App(String workerClass, String classPath, String main, String path, String expected) {
            List<String> args() {
                List<String> args = new ArrayList<>(List.of("-w", "1", "-k", workerClass, "-b", "127.0.0.1:0",
                        "--jvm-opt", "-Dapi.files=/tmp", "--class-path", classPath)); // api.files: ApiServer's
                args.add(main);
                return args;
            }
        }
        for (App app : List.of(
                new App("virtual", testClasses, "io.junicorn.e2e.apps.ServletShowcase", "/prefix/a/b", "/prefix|/a/b|PATH"),
                new App("nio", Junicorn.DIST.resolve("examples/jersey") + "/*", "io.junicorn.examples.jersey.Main",
                        "/hello/Ann", "Hello, Ann"),
                new App("virtual", testClasses, "io.junicorn.e2e.apps.ApiServer", "/api/x", "api /api"))) {
            try (Junicorn server = Junicorn.start(app.args())) {
                String got = curl("--http2-prior-knowledge", "http://127.0.0.1:" + server.port() + app.path());
                assertTrue(got.endsWith("\n2"), app.main() + ": " + got);
                assertTrue(got.startsWith(app.expected()), app.main() + ": " + got);
                server.stopCleanly();
            }
        }
    }

    @Test
    void syncAndGthreadRefuseHttp2Clearly() throws Exception {
        for (String workerClass : List.of("sync", "gthread")) {
            try (Junicorn server = start(workerClass); H2Client client = new H2Client(server.port())) {
                client.start();
                H2Client.GoAway goAway = client.awaitEnd();
                assertNotNull(goAway, workerClass + ": GOAWAY before the close");
                assertEquals("HTTP_1_1_REQUIRED", H2Client.describe(goAway.errorCode()));
                assertTrue(goAway.debug().contains("nio and virtual"), goAway.debug());
                assertEquals(200, Http.get(server.port(), "/").status(), "HTTP/1.1 is served");
                server.stopCleanly();
            }
        }
    }

    @Test
    void pingIsAnsweredAndAStreamErrorLeavesTheConnection() throws Exception {
        try (Junicorn server = start("nio"); H2Client client = new H2Client(server.port())) {
            client.start();
            byte[] opaque = "junicorn".getBytes(StandardCharsets.US_ASCII);
            client.frame(Http2Frame.PING, 0, 0, opaque);
            Http2Frame frame;
            do {
                frame = client.next();
            } while (frame != null && frame.type() != Http2Frame.PING);
            assertNotNull(frame);
            assertTrue(frame.hasFlag(Http2Frame.FLAG_ACK));
            assertEquals("junicorn", new String(frame.payload(), StandardCharsets.US_ASCII));

            int bad = client.request("GET", "/bad", true, "connection", "keep-alive");
            assertEquals("PROTOCOL_ERROR", H2Client.describe(client.response(bad).resetCode()),
                    "a connection-specific field makes the request malformed (RFC 9113 §8.2.2)");
            int good = client.get("/after");
            assertEquals(200, client.response(good).status(), "the connection goes on");
            server.stopCleanly();
        }
    }

    private static SSLContext trusting() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certs.resolve("server.pem"))) {
            trusted.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
