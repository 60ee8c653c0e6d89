package io.junicorn.common.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little DER needed to turn a PKCS#1 RSA key or a SEC1 EC key into the PKCS#8 form the JDK's
 * KeyFactory reads: writing a tag-length-value, and finding the fields of a SEQUENCE. Not a general ASN.1
 * library: only definite lengths, as DER requires.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** [0] EXPLICIT, where SEC1's ECPrivateKey keeps the curve. */
    static final int CONTEXT_0 = 0xA0;

    /** rsaEncryption, 1.2.840.113549.1.1.1. */
    static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01};
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    static final byte[] NULL_VALUE = {0x05, 0x00};
    static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private Der() {
    }

    /** One tag-length-value whose value is the concatenation of {@code parts}. */
    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            value.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.size() + 6);
        out.write(tag);
        int length = value.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }

    /** PKCS#8 PrivateKeyInfo: version 0, the algorithm, the key in an OCTET STRING (RFC 5208). */
    static byte[] privateKeyInfo(byte[] algorithmIdentifier, byte[] privateKey) {
        return tlv(SEQUENCE, VERSION_0, algorithmIdentifier, tlv(OCTET_STRING, privateKey));
    }

    /**
     * The elements of the SEQUENCE {@code der} is, each as its complete TLV.
     *
     * @throws IllegalArgumentException when it is not one well-formed SEQUENCE
     */
    static byte[][] sequence(byte[] der) {
        Reader outer = new Reader(der, 0, der.length);
        byte[] body = outer.next(SEQUENCE);
        if (outer.more()) {
            throw new IllegalArgumentException("bytes after the key's SEQUENCE");
        }
        Reader inner = new Reader(body, 0, body.length);
        java.util.List<byte[]> elements = new java.util.ArrayList<>();
        while (inner.more()) {
            elements.add(inner.nextElement());
        }
        return elements.toArray(new byte[0][]);
    }

    /** The value of a complete TLV whose tag must be {@code tag}. */
    static byte[] value(byte[] element, int tag) {
        Reader r = new Reader(element, 0, element.length);
        return r.next(tag);
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        byte[] next(int tag) {
            int start = pos;
            byte[] element = nextElement();
            if ((b[start] & 0xFF) != tag) {
                throw new IllegalArgumentException("expected DER tag 0x" + Integer.toHexString(tag) + ", found 0x"
                        + Integer.toHexString(b[start] & 0xFF));
            }
            int header = element.length - contentLength(element);
            return Arrays.copyOfRange(element, header, element.length);
        }

        byte[] nextElement() {
            int start = pos;
            need(2);
            pos++;
            int first = b[pos++] & 0xFF;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int bytes = first & 0x7F;
                if (bytes == 0 || bytes > 3) {
                    throw new IllegalArgumentException("unsupported DER length");
                }
                need(bytes);
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (b[pos++] & 0xFF);
                }
            }
            need(length);
            pos += length;
            return Arrays.copyOfRange(b, start, pos);
        }

        private static int contentLength(byte[] element) {
            int first = element[1] & 0xFF;
            if (first < 0x80) {
                return first;
            }
            int length = 0;
            for (int i = 0; i < (first & 0x7F); i++) {
                length = (length << 8) | (element[2 + i] & 0xFF);
            }
            return length;
        }

        private void need(int n) {
            if (n > end - pos) {
                throw new IllegalArgumentException("truncated DER");
            }
        }
    }
}
