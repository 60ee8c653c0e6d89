package io.junicorn.common.tls;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The TLS side of the settings (certfile, keyfile, ca_certs, cert_reqs, ciphers, tls_protocols), loaded:
 * the files read and checked, and the SSLContext they make. The master loads it at start, for
 * --check-config and on HUP only to check (a failure stops the start, or keeps the running settings);
 * every worker loads it again when it boots, which is how a HUP (new workers) serves renewed files.
 *
 * @param chain the certificate chain served, leaf first
 * @param key the leaf's private key
 * @param trustedCas the CAs client certificates must chain to (ca_certs); empty: the JDK's default trust store
 * @param clientAuth cert_reqs: 0 none, 1 optional, 2 required
 * @param protocols tls_protocols, in the JDK's names (TLSv1.3, TLSv1.2)
 * @param cipherSuites ciphers, as IANA/JDK names; empty: the JDK's defaults
 */
public record ServerTls(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trustedCas, int clientAuth,
                        List<String> protocols, List<String> cipherSuites) {
    /** The protocols tls_protocols may name: older ones are disabled in the JDK (jdk.tls.disabledAlgorithms). */
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    /** cert_reqs values, gunicorn's (ssl.CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED). */
    public static final int CERT_NONE = 0;
    public static final int CERT_OPTIONAL = 1;
    public static final int CERT_REQUIRED = 2;

    /** Whether the settings turn TLS on: certfile set (gunicorn's {@code is_ssl}). */
    public static boolean enabled(Config config) {
        return !config.string(Registry.CERTFILE).isEmpty();
    }

    /**
     * Reads and checks the files the settings name; null when TLS is off. The key comes from keyfile, or from
     * certfile when keyfile is not set.
     *
     * @throws SettingsException naming the setting, the file and what is wrong with it
     */
    public static ServerTls load(Config config) {
        if (!enabled(config)) {
            if (!config.string(Registry.KEYFILE).isEmpty()) {
                throw new SettingsException("keyfile is set but certfile is not: TLS needs both (or the key inside certfile)");
            }
            return null;
        }
        Path certfile = Path.of(config.string(Registry.CERTFILE));
        String keyText = config.string(Registry.KEYFILE);
        List<X509Certificate> certificates = PemFiles.certificates(certfile, "certfile");
        PrivateKey key;
        String pair;
        if (keyText.isEmpty()) {
            if (!PemFiles.hasPrivateKey(certfile, "certfile")) {
                throw new SettingsException("certfile = " + certfile + " holds no private key and keyfile is not set");
            }
            key = PemFiles.privateKey(certfile, "certfile");
            pair = "certfile = " + certfile;
        } else {
            key = PemFiles.privateKey(Path.of(keyText), "keyfile");
            pair = "keyfile = " + keyText + " and certfile = " + certfile;
        }
        List<X509Certificate> chain = PemFiles.chainFor(key, certificates, pair);
        String caText = config.string(Registry.CA_CERTS);
        List<X509Certificate> cas = caText.isEmpty() ? List.of() : PemFiles.certificates(Path.of(caText), "ca_certs");
        ServerTls tls = new ServerTls(List.copyOf(chain), key, cas, config.integer(Registry.CERT_REQS),
                split(config.string(Registry.TLS_PROTOCOLS)), split(config.string(Registry.CIPHERS)));
        tls.checkCipherSuites(tls.context()); // the JDK's own checks of the key and chain, once, here
        return tls;
    }

    /** A comma- or colon-separated list (OpenSSL separates ciphers with colons). */
    public static List<String> split(String text) {
        return Arrays.stream(text.split("[,:]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private void checkCipherSuites(SSLContext context) {
        List<String> supported = List.of(context.getSupportedSSLParameters().getCipherSuites());
        for (String suite : cipherSuites) {
            if (!supported.contains(suite)) {
                throw new SettingsException("ciphers: " + suite + " is not a cipher suite this JDK supports; use "
                        + "IANA names such as TLS_AES_128_GCM_SHA256 or TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 "
                        + "(OpenSSL's names and cipher strings are not understood)");
            }
        }
    }

    /**
     * A new SSLContext holding the key and the chain, trusting ca_certs (or the JDK's CAs) for client
     * certificates: junicorn's default context, which the ssl_context hook may replace. Protocols, cipher
     * suites, client authentication and ALPN are set on each connection's SSLEngine.
     */
    public SSLContext context() {
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trustedCas.isEmpty()) {
                trustManagers.init((KeyStore) null);
            } else {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                for (int i = 0; i < trustedCas.size(); i++) {
                    trusted.setCertificateEntry("ca-" + i, trustedCas.get(i));
                }
                trustManagers.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new SettingsException("certfile: the JDK refused the key and certificate: " + e.getMessage());
        }
    }
}
