package io.junicorn.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS on every worker class: HTTPS through java.net.http.HttpClient, keep-alive, a POST body, ALPN, the https
 * scheme and the TLS attributes seen by the Echo app and the access log, required client certificates, a
 * unix-socket listener, plain HTTP sent to the TLS port, certificate rotation by HUP, bad key files refused by
 * the master, and the ssl_context hook.
 */
class TlsTest {
    private static final String ECHO = "io.junicorn.examples.Echo";

    @TempDir
    static Path certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=junicorn e2e CA");
        Files.writeString(certs.resolve("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Files.writeString(certs.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        for (String name : List.of("server", "renewed")) {
            // PKCS#1 for one, PKCS#8 for the other: both forms as operators have them
            if (name.equals("server")) {
                openssl("genrsa", "-traditional", "-out", name + ".key", "2048");
            } else {
                openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
            }
            signed(name, "/CN=localhost", "server.ext");
        }
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "client.key");
        signed("client", "/CN=e2e client", "client.ext");
        openssl("pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-passout", "pass:test", "-out",
                "client.p12");
        openssl("pkcs12", "-export", "-in", "renewed.pem", "-inkey", "renewed.key", "-passout", "pass:test", "-out",
                "renewed.p12");
    }

    private static void signed(String name, String subject, String extensions) throws Exception {
        openssl("req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                "-extfile", extensions, "-out", name + ".pem");
    }

    @Test
    void servesHttpsOnEveryWorkerClass() throws Exception {
        for (String workerClass : List.of("sync", "gthread", "virtual", "nio")) {
            Path unix = Path.of("/tmp/junicorn-tls-" + ProcessHandle.current().pid() + "-" + workerClass + ".sock");
            try (Junicorn server = Junicorn.start(List.of("-w", "1", "-k", workerClass, "--threads", "2",
                    "-b", "127.0.0.1:0", "-b", "unix:" + unix, "--certfile", file("server.pem"),
                    "--keyfile", file("server.key"), "--class-path", Junicorn.HELLO_JAR, ECHO))) {
                int port = server.port();
                HttpClient client = client(null);
                awaitServing(client, port);

                HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/a?b=1"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, get.statusCode(), workerClass);
                // ALPN: h2 where the worker class serves HTTP/2 (Http2Test), else http/1.1 for a client offering h2 too
                boolean http2 = workerClass.equals("virtual") || workerClass.equals("nio");
                assertEquals(http2 ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1, get.version(), workerClass);
                assertTrue(get.body().contains("\"scheme\":\"https\""), get.body());
                assertTrue(get.body().contains("\"application_protocol\":\"" + (http2 ? "h2" : "http/1.1") + "\""),
                        get.body());
                assertTrue(get.body().contains("\"protocol\":\"TLSv1.3\""), get.body());

                HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/p"))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, post.statusCode());
                String base64 = java.util.Base64.getEncoder().encodeToString("x".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
                assertTrue(post.body().contains("\"body_b64\":\"" + base64 + "\""), workerClass + ": the POST body echoed");

                if (!workerClass.equals("sync")) {
                    keepAlive(port);
                }
                plainHttpDoesNotHurt(client, port);
                String overUnix = opensslClient(List.of("-unix", unix.toString()),
                        "GET /unix HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
                assertTrue(overUnix.contains("\"target\":\"/unix\"") && overUnix.contains("\"scheme\":\"https\""), overUnix);

                server.signal("TERM");
                assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
                server.assertNoUnexpectedErrors();
            } finally {
                Files.deleteIfExists(unix);
            }
        }
    }

    /**
     * Two requests, one TLS connection, both answered (sync closes after each, as gunicorn's); then three
     * pipelined in one TLS record, which the server decrypts at once, so the two behind the first wait in the
     * TLS session where a selector cannot see them: answered in order all the same.
     */
    private static void keepAlive(int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting(null).getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(Http.TIMEOUT_MILLIS);
            for (String path : List.of("/one", "/two")) {
                Http.send(socket, "GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
                Http.Response response = Http.read(socket.getInputStream());
                assertEquals(200, response.status());
                assertTrue(response.body().contains("\"target\":\"" + path + "\""), response.body());
            }
            List<String> pipelined = List.of("/p1", "/p2", "/p3");
            StringBuilder requests = new StringBuilder();
            for (String path : pipelined) {
                requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            Http.send(socket, requests.toString());
            for (String path : pipelined) {
                Http.Response response = Http.read(socket.getInputStream());
                assertEquals(200, response.status());
                assertTrue(response.body().contains("\"target\":\"" + path + "\""), response.body());
            }
        }
    }

    private static void plainHttpDoesNotHurt(HttpClient client, int port) throws Exception {
        try (Socket plain = Http.connect(port)) {
            Http.send(plain, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            Http.Response response = Http.read(plain.getInputStream());
            assertEquals(400, response.status());
            assertTrue(response.body().contains("plain HTTP request sent to HTTPS port"), response.body());
        }
        assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/after")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "HTTPS still served after plain HTTP");
    }

    /**
     * The request timeout answers from its own thread, around the connection's: its 503 is encrypted and sent,
     * then close_notify and FIN, on the blocking transports and on the event loop's alike.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sync", "virtual", "nio"})
    void requestTimeoutAnswersThroughTls(String workerClass) throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-k", workerClass, "-b", "127.0.0.1:0",
                "--request-timeout", "1", "--certfile", file("server.pem"), "--keyfile", file("server.key"),
                "--class-path", Junicorn.HELLO_JAR, Junicorn.HELLO))) {
            int port = server.port();
            awaitServing(client(null), port);
            try (SSLSocket socket = (SSLSocket) trusting(null).getSocketFactory().createSocket("127.0.0.1", port)) {
                socket.setSoTimeout(Http.TIMEOUT_MILLIS);
                Http.send(socket, "GET /sleep?s=30 HTTP/1.1\r\nHost: a\r\n\r\n");
                Http.Response response = Http.read(socket.getInputStream());
                assertEquals(503, response.status(), workerClass + ": " + response.head());
                assertEquals(-1, socket.getInputStream().read(), workerClass + ": the connection ends after the 503");
            }
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors("Request timeout", "ended after its request timed out");
        }
    }

    @Test
    void requiredClientCertificates() throws Exception {
        Path accessLog = certs.resolve("access.log");
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-k", "virtual", "-b", "127.0.0.1:0",
                "--certfile", file("server.pem"), "--keyfile", file("server.key"), "--ca-certs", file("ca.pem"),
                "--cert-reqs", "2", "--access-logfile", accessLog.toString(),
                "--access-logformat", "%({wsgi.url_scheme}e)s \"%(r)s\" %(s)s",
                "--class-path", Junicorn.HELLO_JAR, ECHO))) {
            int port = server.port();
            server.awaitLog("Listening at: https://127\\.0\\.0\\.1:" + port + " ", Duration.ofSeconds(5));
            HttpClient withCertificate = client(certs.resolve("client.p12"));
            awaitServing(withCertificate, port);
            HttpResponse<String> response = withCertificate.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + port + "/me")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("\"peer_certificates\":[\"CN=e2e client\"]"), response.body());
            assertThrows(IOException.class, () -> client(null).send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + port + "/anonymous")).build(), HttpResponse.BodyHandlers.ofString()),
                    "no client certificate: refused");
            assertEquals(200, withCertificate.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/again"))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "the worker goes on");
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            String accessLines = Files.readString(accessLog); // complete once the worker exited
            // the JDK client speaks h2 to a virtual worker (ALPN); the access log has a line per stream
            assertTrue(accessLines.contains("https \"GET /me HTTP/2.0\" 200"), accessLines);
            server.assertNoUnexpectedErrors();
        }
    }

    /** Replaced files and HUP: the new generation serves the new certificate; a bad file on HUP keeps the old one. */
    @Test
    void hupServesRenewedCertificates() throws Exception {
        Path dir = Files.createDirectories(certs.resolve("live"));
        Files.copy(certs.resolve("server.pem"), dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certs.resolve("server.key"), dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-k", "gthread", "-b", "127.0.0.1:0",
                "--certfile", dir.resolve("cert.pem").toString(), "--keyfile", dir.resolve("key.pem").toString(),
                "--class-path", Junicorn.HELLO_JAR, ECHO))) {
            int port = server.port();
            awaitServing(client(null), port);
            assertEquals(serial("server.pem"), servedSerial(port));

            Files.copy(certs.resolve("renewed.key"), dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
            server.signal("HUP"); // the key no longer matches the certificate: refused, the old workers serve on
            server.awaitLog("Reload failed, keeping the running configuration: keyfile = .*key.pem and certfile = "
                    + ".*cert.pem: the private key does not match the certificate", Duration.ofSeconds(30));
            assertEquals(serial("server.pem"), servedSerial(port));

            Files.copy(certs.resolve("renewed.pem"), dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
            server.signal("HUP");
            server.awaitLog("Generation 2 is ready", Duration.ofSeconds(60));
            Junicorn.await("the renewed certificate served", Duration.ofSeconds(30), () -> {
                try {
                    return servedSerial(port).equals(serial("renewed.pem"));
                } catch (Exception e) {
                    return false;
                }
            });
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors("Reload failed, keeping the running configuration");
        }
    }

    /** The ssl_context hook's context is the one served; a hook that throws fails the worker's boot (exit 3). */
    @Test
    void theSslContextHookDecides() throws Exception {
        String hooksClasses = Path.of(TlsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> args = List.of("-w", "1", "-k", "virtual", "-b", "127.0.0.1:0", "--certfile", file("server.pem"),
                "--keyfile", file("server.key"), "--hooks", "io.junicorn.e2e.hooks.KeyStoreContextHooks",
                "--class-path", hooksClasses + ":" + Junicorn.HELLO_JAR);
        List<String> serving = new ArrayList<>(args);
        serving.addAll(List.of("--jvm-opt", "-Djunicorn.test.keystore=" + file("renewed.p12"), ECHO));
        try (Junicorn server = Junicorn.start(serving)) {
            int port = server.port();
            awaitServing(client(null), port);
            assertEquals(serial("renewed.pem"), servedSerial(port), "the hook's key store, not certfile");
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
        List<String> failing = new ArrayList<>(args);
        failing.addAll(List.of("--jvm-opt", "-Djunicorn.test.keystore=fail", ECHO));
        try (Junicorn server = Junicorn.start(failing)) {
            assertEquals(3, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("Worker failed to boot: hook ssl_context "
                    + "(io.junicorn.e2e.hooks.KeyStoreContextHooks) failed: java.lang.IllegalStateException: "
                    + "KeyStoreContextHooks: no HSM today"), server.log());
        }
    }

    @Test
    void badKeyFilesStopTheStart() throws Exception {
        Files.writeString(certs.resolve("encrypted.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
        record Case(String key, String message) {
        }
        for (Case bad : List.of(
                new Case("renewed.key", "junicorn: error: keyfile = " + file("renewed.key") + " and certfile = "
                        + file("server.pem") + ": the private key does not match the certificate (CN=localhost)"),
                new Case("missing.key", "junicorn: error: keyfile = " + file("missing.key") + ": no such file"),
                new Case("encrypted.key", "junicorn: error: keyfile = " + file("encrypted.key")
                        + ": the private key is encrypted"))) {
            for (boolean check : new boolean[] {false, true}) {
                List<String> args = new ArrayList<>(List.of("-b", "127.0.0.1:0", "--certfile", file("server.pem"),
                        "--keyfile", file(bad.key()), "--class-path", Junicorn.HELLO_JAR));
                if (check) {
                    args.add("--check-config");
                }
                args.add(ECHO);
                try (Junicorn server = Junicorn.start(args)) {
                    assertEquals(1, server.awaitExit(Duration.ofSeconds(30)), server.log());
                    assertTrue(server.log().contains(bad.message()), server.log());
                    assertTrue(!server.log().contains("Listening at"), "nothing bound");
                }
            }
        }
    }

    /** Waits until a worker answers HTTPS. */
    private static void awaitServing(HttpClient client, int port) {
        Junicorn.await("a worker serving HTTPS", Duration.ofSeconds(30), () -> {
            try {
                return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** The serial number of the certificate a new connection is served. */
    private static BigInteger servedSerial(int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) trusting(null).getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(Http.TIMEOUT_MILLIS);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static BigInteger serial(String pem) throws Exception {
        try (InputStream in = Files.newInputStream(certs.resolve(pem))) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
        }
    }

    private static HttpClient client(Path keyStore) throws Exception {
        return HttpClient.newBuilder().sslContext(trusting(keyStore)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Trusts the test CA; shows the client certificate in {@code keyStore} (PKCS#12) when given. */
    private static SSLContext trusting(Path keyStore) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certs.resolve("ca.pem"))) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, "test".toCharArray());
            }
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, "test".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static String file(String name) {
        return certs.resolve(name).toString();
    }

    /** openssl s_client (for a unix socket, which HttpClient cannot reach): sends the request, returns all it got. */
    private static String opensslClient(List<String> target, String request) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/openssl", "s_client", "-quiet", "-ign_eof",
                "-CAfile", file("ca.pem")));
        command.addAll(target);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl s_client finished");
        return output;
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(certs.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
        assertEquals(0, p.exitValue(), "openssl " + String.join(" ", args) + ": " + output);
    }
}
