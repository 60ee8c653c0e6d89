package io.junicorn.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a response head into a reusable byte array: status line, field lines, the empty line. The
 * status line is always {@code HTTP/1.1} (RFC 9110 §2.5: a server sends its highest version) and comes
 * from a table built once. Application names must be tokens and values may hold only HTAB, SP, VCHAR
 * and obs-text: anything else, CR, LF and NUL in particular, throws before a byte of the head leaves the
 * encoder (response splitting, RFC 9112 §11.1).
 */
public final class ResponseEncoder {
    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] CRLF = {'\r', '\n'};

    static {
        for (int code = 100; code < 600; code++) {
            STATUS_LINES[code] = ("HTTP/1.1 " + code + " " + reasonPhrase(code) + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private byte[] buf;
    private int length;

    public ResponseEncoder() {
        this(512);
    }

    public ResponseEncoder(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    public void reset() {
        length = 0;
    }

    public byte[] array() {
        return buf;
    }

    public int length() {
        return length;
    }

    /** {@code HTTP/1.1 <code> <reason>\r\n}; codes outside 100-599 are refused. */
    public ResponseEncoder statusLine(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status code out of range: " + code);
        }
        return raw(STATUS_LINES[code]);
    }

    /** One field line from application data, validated while it is copied. */
    public ResponseEncoder field(String name, String value) {
        int n = name.length();
        if (n == 0) {
            throw new IllegalArgumentException("empty response field name");
        }
        ensure(n + value.length() + 4);
        byte[] b = buf;
        int p = length;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (!Ascii.isTchar(c)) {
                throw new IllegalArgumentException("response field name is not a token (RFC 9110 §5.1)");
            }
            b[p++] = (byte) c;
        }
        b[p++] = ':';
        b[p++] = ' ';
        for (int i = 0, m = value.length(); i < m; i++) {
            char c = value.charAt(i);
            // chars above 0xFF are refused too: narrowing U+010A to a byte would give LF
            if (c > 0xff || (c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("invalid character in response field " + name
                        + " (RFC 9110 §5.5)");
            }
            b[p++] = (byte) c;
        }
        b[p++] = '\r';
        b[p++] = '\n';
        length = p;
        return this;
    }

    /** {@code name: <decimal>\r\n} without building a String; {@code name} is trusted. */
    public ResponseEncoder field(byte[] nameColonSpace, long value) {
        ensure(nameColonSpace.length + 22);
        System.arraycopy(nameColonSpace, 0, buf, length, nameColonSpace.length);
        length += nameColonSpace.length;
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int p = length + digits;
        long v = value;
        do {
            buf[--p] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        length += digits;
        buf[length++] = '\r';
        buf[length++] = '\n';
        return this;
    }

    /** Bytes the caller built and trusts, e.g. a complete {@code Connection: close\r\n}. */
    public ResponseEncoder raw(byte[] bytes) {
        return raw(bytes, 0, bytes.length);
    }

    public ResponseEncoder raw(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, length, len);
        length += len;
        return this;
    }

    /** The empty line that ends the head. */
    public ResponseEncoder end() {
        return raw(CRLF);
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    /** The RFC 9110 §15 reason phrase, or an empty string for an unregistered code. */
    public static String reasonPhrase(int code) {
        return switch (code) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 103 -> "Early Hints";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "";
        };
    }
}
