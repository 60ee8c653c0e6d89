package io.junicorn.engine.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA, a server certificate for 127.0.0.1 and a client certificate, made by the real openssl CLI in a
 * temporary directory, and the SSLContexts of both sides built from them (PKCS#12, as the JDK reads it).
 */
public final class TestCertificates {
    private static final char[] PASSWORD = "test".toCharArray();
    private static TestCertificates shared;

    public final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** One set per test JVM: openssl takes a moment per key. */
    public static synchronized TestCertificates shared() throws IOException, InterruptedException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("junicorn-tls-test");
            dir.toFile().deleteOnExit();
            TestCertificates c = new TestCertificates(dir);
            c.make();
            shared = c;
        }
        return shared;
    }

    private void make() throws IOException, InterruptedException {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=junicorn test CA");
        leaf("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        leaf("client", "/CN=test client", "extendedKeyUsage=clientAuth");
    }

    private void leaf(String name, String subject, String extension) throws IOException, InterruptedException {
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", subject);
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
        openssl(dir, "pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key", "-certfile", "ca.pem",
                "-passout", "pass:test", "-out", name + ".p12");
    }

    /** The server's context: its key and chain; clients checked against the test CA. */
    public SSLContext serverContext() throws Exception {
        return context("server.p12");
    }

    /** A client trusting the test CA and showing the client certificate. */
    public SSLContext clientContextWithCertificate() throws Exception {
        return context("client.p12");
    }

    /** A client trusting the test CA, with no certificate of its own. */
    public SSLContext clientContext() throws Exception {
        return context(null);
    }

    private SSLContext context(String keyStore) throws Exception {
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(keyStore))) {
                store.load(in, PASSWORD);
            }
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trusted.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    /** Runs /usr/bin/openssl in {@code dir}; fails with its output when it fails. */
    public static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + output);
        }
    }
}
