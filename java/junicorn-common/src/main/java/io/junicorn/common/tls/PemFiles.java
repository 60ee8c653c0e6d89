package io.junicorn.common.tls;

import io.junicorn.common.settings.SettingsException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys from PEM files, as gunicorn's {@code ssl.load_cert_chain} takes them: a
 * certificate file that may hold the whole chain (and the key), and a key in PKCS#8 ("PRIVATE KEY": RSA, EC,
 * Ed25519, Ed448), PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") form. The JDK reads only PKCS#8, so
 * the other two are wrapped into it ({@link Der}); no BouncyCastle. Encrypted keys are refused: a server that
 * restarts unattended has nobody to type the passphrase. Every failure is a SettingsException naming the
 * setting and the file, one line.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemFiles() {
    }

    /** One PEM block: its label and its headers-and-base64 text. */
    record Block(String label, String body) {
        boolean encrypted() {
            return label.equals("ENCRYPTED PRIVATE KEY") || body.contains("Proc-Type: 4,ENCRYPTED");
        }

        boolean privateKey() {
            return label.endsWith("PRIVATE KEY");
        }

        byte[] der() {
            String base64 = body.replaceAll("(?m)^[A-Za-z-]+:.*$", "").replaceAll("\\s", "");
            return Base64.getDecoder().decode(base64);
        }
    }

    /** The blocks of a PEM file, in order. */
    static List<Block> blocks(Path file, String setting) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new SettingsException(setting + " = " + file + ": no such file");
        } catch (IOException e) {
            throw new SettingsException(setting + " = " + file + ": cannot read it: " + e.getMessage());
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    /**
     * Every certificate in a PEM file, in the file's order.
     *
     * @throws SettingsException when the file is missing, unreadable, holds none or a bad one
     */
    public static List<X509Certificate> certificates(Path file, String setting) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        for (Block block : blocks(file, setting)) {
            if (!block.label().equals("CERTIFICATE") && !block.label().equals("TRUSTED CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException | IllegalArgumentException e) {
                throw new SettingsException(setting + " = " + file + ": certificate " + (certificates.size() + 1)
                        + " is not a valid X.509 certificate: " + e.getMessage());
            }
        }
        if (certificates.isEmpty()) {
            throw new SettingsException(setting + " = " + file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
        }
        return certificates;
    }

    /**
     * The first private key in a PEM file.
     *
     * @throws SettingsException when the file is missing or unreadable, holds no key, an encrypted key or a bad one
     */
    public static PrivateKey privateKey(Path file, String setting) {
        for (Block block : blocks(file, setting)) {
            if (block.privateKey()) {
                return key(block, file, setting);
            }
        }
        throw new SettingsException(setting + " = " + file + ": no PEM private key (-----BEGIN PRIVATE KEY-----, "
                + "RSA PRIVATE KEY or EC PRIVATE KEY) in it");
    }

    /** Whether the file holds a private key (the key may sit in certfile, as gunicorn allows). */
    static boolean hasPrivateKey(Path file, String setting) {
        return blocks(file, setting).stream().anyMatch(Block::privateKey);
    }

    private static PrivateKey key(Block block, Path file, String setting) {
        String where = setting + " = " + file + ": ";
        if (block.encrypted()) {
            throw new SettingsException(where + "the private key is encrypted; junicorn cannot ask for a passphrase, "
                    + "so decrypt it first (openssl pkey -in KEY -out PLAIN_KEY)");
        }
        byte[] pkcs8;
        try {
            byte[] der = block.der();
            pkcs8 = switch (block.label()) {
                case "PRIVATE KEY" -> der;
                case "RSA PRIVATE KEY" -> Der.privateKeyInfo(Der.tlv(Der.SEQUENCE, Der.RSA_ENCRYPTION, Der.NULL_VALUE), der);
                case "EC PRIVATE KEY" -> Der.privateKeyInfo(Der.tlv(Der.SEQUENCE, Der.EC_PUBLIC_KEY, curve(der)), der);
                default -> throw new SettingsException(where + "unsupported key type \"" + block.label()
                        + "\"; expected PRIVATE KEY (PKCS#8), RSA PRIVATE KEY or EC PRIVATE KEY");
            };
        } catch (IllegalArgumentException e) {
            throw new SettingsException(where + "the " + block.label() + " is malformed: " + e.getMessage());
        }
        for (String algorithm : new String[] {"RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm: try the next
            }
        }
        throw new SettingsException(where + "the " + block.label() + " is not an RSA, EC, Ed25519/Ed448 or DSA key "
                + "the JDK can read");
    }

    /** The curve's OID from SEC1's ECPrivateKey [0] parameters (RFC 5915), which openssl always writes. */
    private static byte[] curve(byte[] sec1) {
        for (byte[] element : Der.sequence(sec1)) {
            if ((element[0] & 0xFF) == Der.CONTEXT_0) {
                byte[] oid = Der.value(element, Der.CONTEXT_0);
                Der.value(oid, Der.OID); // it must be a named curve
                return oid;
            }
        }
        throw new IllegalArgumentException("it names no curve (no [0] parameters)");
    }

    /**
     * The certificate chain to serve, leaf first: the certificate whose public key belongs to {@code key},
     * then each issuer found in {@code certificates}, then any others in file order. The file's order does
     * not matter (openssl wants the leaf first; operators concatenate in both orders).
     *
     * @throws SettingsException when no certificate matches the key
     */
    public static List<X509Certificate> chainFor(PrivateKey key, List<X509Certificate> certificates, String where) {
        X509Certificate leaf = null;
        for (X509Certificate certificate : certificates) {
            if (matches(key, certificate.getPublicKey())) {
                leaf = certificate;
                break;
            }
        }
        if (leaf == null) {
            throw new SettingsException(where + ": the private key does not match the certificate"
                    + (certificates.size() > 1 ? " or any certificate of the chain" : "") + " ("
                    + certificates.getFirst().getSubjectX500Principal().getName() + ")");
        }
        List<X509Certificate> rest = new ArrayList<>(certificates);
        rest.remove(leaf);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate last = leaf;
        while (!last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
            X509Certificate issuer = null;
            for (X509Certificate candidate : rest) {
                if (candidate.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                break;
            }
            rest.remove(issuer);
            chain.add(issuer);
            last = issuer;
        }
        chain.addAll(rest);
        return chain;
    }

    /** Proves the pair by signing: works for every key type the JDK signs with. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(key.getAlgorithm().equals("EdDSA") && publicKey.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        if (key instanceof RSAKey rsa && publicKey instanceof RSAKey rsaPublic) {
            return rsa.getModulus().equals(rsaPublic.getModulus());
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm(); // EdDSA, Ed25519, Ed448
        };
        try {
            byte[] probe = "junicorn key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
