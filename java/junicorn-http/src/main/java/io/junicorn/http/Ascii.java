package io.junicorn.http;

/** Byte classes of RFC 9110 §5.6.2 (tchar), §5.5 (field-vchar) and RFC 5234 (DIGIT, HEXDIG). */
final class Ascii {
    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    static final int TCHAR = 1;
    /** field-vchar = VCHAR / obs-text: 0x21-0x7E and 0x80-0xFF. */
    static final int FIELD_VCHAR = 2;
    static final int DIGIT = 4;
    /**
     * Bytes allowed in a request-target: RFC 3986's characters (unreserved, gen-delims, sub-delims, '%')
     * but '#', which starts a fragment no request-target has (RFC 9112 §3.2).
     */
    static final int TARGET = 8;
    /** reg-name and IPv4 bytes of a host (RFC 3986 §3.2.2): unreserved, sub-delims and '%'. */
    static final int HOST = 16;
    /** Bytes of a URI scheme after its first letter (RFC 3986 §3.1). */
    static final int SCHEME = 32;
    static final int ALPHA = 64;
    /**
     * Bytes outside URI syntax that gunicorn serves in a request-target and that delimit nothing: obs-text
     * (raw UTF-8 paths) and {@code " < > \ ^ ` { | }}; only with permit_unescaped_target (docs/http.md).
     */
    static final int TARGET_UNESCAPED = 128;

    private static final byte[] CLASS = new byte[256];
    private static final byte[] HEX = new byte[256];

    static {
        for (int c = 0x21; c <= 0x7e; c++) {
            CLASS[c] |= FIELD_VCHAR;
        }
        for (int c = 0x80; c <= 0xff; c++) {
            CLASS[c] |= FIELD_VCHAR | TARGET_UNESCAPED;
        }
        for (char c : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?[]@!$&'()*+,;=%"
                .toCharArray()) {
            CLASS[c] |= TARGET;
        }
        for (char c : "\"<>\\^`{|}".toCharArray()) {
            CLASS[c] |= TARGET_UNESCAPED;
        }
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] |= TCHAR | DIGIT | HOST | SCHEME;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            CLASS[c] |= TCHAR | HOST | SCHEME | ALPHA;
            CLASS[c - 'a' + 'A'] |= TCHAR | HOST | SCHEME | ALPHA;
        }
        for (char c : "-._~!$&'()*+,;=%".toCharArray()) {
            CLASS[c] |= HOST;
        }
        for (char c : "+-.".toCharArray()) {
            CLASS[c] |= SCHEME;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            CLASS[c] |= TCHAR;
        }
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    private Ascii() {
    }

    static boolean is(byte b, int cls) {
        return (CLASS[b & 0xff] & cls) != 0;
    }

    static boolean isClass(char c, int cls) {
        return c < 256 && (CLASS[c] & cls) != 0;
    }

    /** Value of a HEXDIG, or -1. */
    static int hexValue(char c) {
        return c < 256 ? HEX[c] : -1;
    }

    static boolean isTchar(char c) {
        return c < 256 && (CLASS[c] & TCHAR) != 0;
    }

    static boolean isWhitespace(byte b) {
        return b == SP || b == HTAB;
    }

    /** Value of a HEXDIG, or -1. */
    static int hex(byte b) {
        return HEX[b & 0xff];
    }

    /** ASCII-only case-insensitive comparison; {@code lowerCase} must already be lower case. */
    /** Whether {@code s} is exactly {@code b[off, off + len)} read as ISO-8859-1. */
    static boolean sameText(String s, byte[] b, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != (b[off + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsLower(String s, String lowerCase) {
        int n = s.length();
        if (n != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsIgnoreCase(String a, String b) {
        int n = a.length();
        if (n != b.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 'A' && x <= 'Z') {
                    x += 'a' - 'A';
                }
                if (y >= 'A' && y <= 'Z') {
                    y += 'a' - 'A';
                }
                if (x != y) {
                    return false;
                }
            }
        }
        return true;
    }
}
