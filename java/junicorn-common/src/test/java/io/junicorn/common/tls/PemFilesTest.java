package io.junicorn.common.tls;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import io.junicorn.common.settings.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PEM certificates and keys as the real openssl CLI writes them, loaded through the TLS settings. */
@Timeout(120)
class PemFilesTest {
    @TempDir
    Path dir;

    @Test
    void rsaPkcs8() throws Exception {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "key.pem");
        assertLoads("-----BEGIN PRIVATE KEY-----", "RSA");
    }

    @Test
    void rsaPkcs1() throws Exception {
        openssl("genrsa", "-traditional", "-out", "key.pem", "2048");
        assertLoads("-----BEGIN RSA PRIVATE KEY-----", "RSA");
    }

    @Test
    void ecSec1() throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", "key.pem"); // EC PARAMETERS, then the key
        assertLoads("-----BEGIN EC PRIVATE KEY-----", "EC");
    }

    @Test
    void ecSec1OnAnotherCurve() throws Exception {
        openssl("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "key.pem");
        assertLoads("-----BEGIN EC PRIVATE KEY-----", "EC");
    }

    @Test
    void ecPkcs8() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
        assertLoads("-----BEGIN PRIVATE KEY-----", "EC");
    }

    @Test
    void ed25519() throws Exception {
        openssl("genpkey", "-algorithm", "ed25519", "-out", "key.pem");
        assertLoads("-----BEGIN PRIVATE KEY-----", "EdDSA");
    }

    @Test
    void theKeyMayBeInTheCertificateFile() throws Exception {
        openssl("genrsa", "-traditional", "-out", "key.pem", "2048");
        selfSigned("key.pem", "cert.pem", "/CN=both");
        Files.writeString(dir.resolve("both.pem"), Files.readString(dir.resolve("cert.pem")) + Files.readString(dir.resolve("key.pem")));
        ServerTls tls = ServerTls.load(config("both.pem", "", ""));
        assertEquals("CN=both", tls.chain().getFirst().getSubjectX500Principal().getName());
        SettingsException e = assertThrows(SettingsException.class, () -> ServerTls.load(config("cert.pem", "", "")));
        assertTrue(e.getMessage().contains("holds no private key and keyfile is not set"), e.getMessage());
    }

    @Test
    void encryptedKeysAreRefused() throws Exception {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes-128-cbc", "-pass", "pass:secret",
                "-out", "pkcs8.pem");
        openssl("genrsa", "-traditional", "-aes128", "-passout", "pass:secret", "-out", "pkcs1.pem", "2048");
        assertTrue(Files.readString(dir.resolve("pkcs1.pem")).contains("Proc-Type: 4,ENCRYPTED"));
        for (String key : List.of("pkcs8.pem", "pkcs1.pem")) {
            SettingsException e = assertThrows(SettingsException.class,
                    () -> PemFiles.privateKey(dir.resolve(key), "keyfile"));
            assertTrue(e.getMessage().startsWith("keyfile = " + dir.resolve(key) + ": the private key is encrypted"),
                    e.getMessage());
        }
    }

    @Test
    void aKeyThatDoesNotMatchIsRefused() throws Exception {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.pem");
        selfSigned("key.pem", "cert.pem", "/CN=mine");
        SettingsException e = assertThrows(SettingsException.class,
                () -> ServerTls.load(config("cert.pem", "other.pem", "")));
        assertTrue(e.getMessage().contains("the private key does not match the certificate (CN=mine)"), e.getMessage());
    }

    @Test
    void theChainIsServedLeafFirstWhateverTheFileOrder() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem", "-days", "2",
                "-subj", "/CN=root");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "mid.key", "-out", "mid.csr", "-subj", "/CN=intermediate");
        Files.writeString(dir.resolve("ca.ext"), "basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign\n");
        openssl("x509", "-req", "-in", "mid.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial", "-days", "2",
                "-extfile", "ca.ext", "-out", "mid.pem");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=leaf");
        openssl("x509", "-req", "-in", "leaf.csr", "-CA", "mid.pem", "-CAkey", "mid.key", "-CAcreateserial", "-days", "2",
                "-out", "leaf.pem");
        Files.writeString(dir.resolve("chain.pem"), Files.readString(dir.resolve("mid.pem"))
                + Files.readString(dir.resolve("leaf.pem")));
        ServerTls tls = ServerTls.load(config("chain.pem", "leaf.key", "root.pem"));
        assertEquals(List.of("CN=leaf", "CN=intermediate"), subjects(tls.chain()));
        assertEquals(List.of("CN=root"), subjects(tls.trustedCas()));
    }

    @Test
    void missingAndMalformedFiles() throws Exception {
        SettingsException missing = assertThrows(SettingsException.class,
                () -> ServerTls.load(config("nope.pem", "", "")));
        assertEquals("certfile = " + dir.resolve("nope.pem") + ": no such file", missing.getMessage());
        Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        SettingsException junk = assertThrows(SettingsException.class, () -> ServerTls.load(config("junk.pem", "", "")));
        assertTrue(junk.getMessage().contains("no PEM certificate"), junk.getMessage());
        Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        SettingsException bad = assertThrows(SettingsException.class, () -> ServerTls.load(config("bad.pem", "", "")));
        assertTrue(bad.getMessage().contains("certificate 1 is not a valid X.509 certificate"), bad.getMessage());
    }

    @Test
    void tlsIsOffWithoutCertfileAndCiphersAreChecked() throws Exception {
        assertNull(ServerTls.load(config("", "", "")));
        assertThrows(SettingsException.class, () -> ServerTls.load(config("", "key.pem", "")));
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem");
        selfSigned("key.pem", "cert.pem", "/CN=c");
        Map<String, Object> values = values("cert.pem", "key.pem", "");
        values.put(Registry.CIPHERS.name(), "ECDHE+AESGCM");
        SettingsException e = assertThrows(SettingsException.class, () -> ServerTls.load(new Config(values, null)));
        assertTrue(e.getMessage().startsWith("ciphers: ECDHE+AESGCM is not a cipher suite"), e.getMessage());
        values.put(Registry.CIPHERS.name(), "TLS_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
                ServerTls.load(new Config(values, null)).cipherSuites());
    }

    /** A self-signed certificate for key.pem, then the settings must load and pair them. */
    private void assertLoads(String pemHeader, String algorithm) throws Exception {
        assertTrue(Files.readString(dir.resolve("key.pem")).contains(pemHeader), "openssl wrote " + pemHeader);
        selfSigned("key.pem", "cert.pem", "/CN=" + algorithm);
        ServerTls tls = ServerTls.load(config("cert.pem", "key.pem", ""));
        assertNotNull(tls.context());
        assertEquals(algorithm, tls.key().getAlgorithm());
        assertEquals("CN=" + algorithm, tls.chain().getFirst().getSubjectX500Principal().getName());
    }

    private void selfSigned(String key, String cert, String subject) throws Exception {
        openssl("req", "-x509", "-new", "-key", key, "-out", cert, "-days", "2", "-subj", subject);
    }

    private static List<String> subjects(List<X509Certificate> certificates) {
        return certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
    }

    private Config config(String certfile, String keyfile, String caCerts) {
        return new Config(values(certfile, keyfile, caCerts), null);
    }

    private Map<String, Object> values(String certfile, String keyfile, String caCerts) {
        Map<String, Object> values = new HashMap<>();
        for (Setting setting : Registry.ALL) {
            values.put(setting.name(), setting.defaultValue(Map.of()));
        }
        values.put(Registry.CERTFILE.name(), certfile.isEmpty() ? "" : dir.resolve(certfile).toString());
        values.put(Registry.KEYFILE.name(), keyfile.isEmpty() ? "" : dir.resolve(keyfile).toString());
        values.put(Registry.CA_CERTS.name(), caCerts.isEmpty() ? "" : dir.resolve(caCerts).toString());
        return values;
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
        assertEquals(0, p.exitValue(), "openssl " + String.join(" ", args) + ": " + output);
    }
}
