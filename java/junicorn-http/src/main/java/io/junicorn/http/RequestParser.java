package io.junicorn.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Incremental request-head parser. {@link #parse} takes whatever bytes arrived and returns the head once
 * the empty line is seen; it consumes nothing past the head, so the body and pipelined requests stay in
 * the buffer. The result is the same for any split of the input. One parser serves one connection;
 * {@link #reset()} before each request.
 *
 * <p>Limits follow gunicorn: {@code limit_request_line} (4094, the line without CRLF, 414 here),
 * {@code limit_request_fields} (100, 431) and {@code limit_request_field_size} (8190, the field line with
 * its CRLF, 431).
 */
public final class RequestParser {
    public static final int DEFAULT_MAX_REQUEST_LINE = 4094;
    public static final int DEFAULT_MAX_FIELDS = 100;
    public static final int DEFAULT_MAX_FIELD_LINE = 8190;

    /**
     * RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line (clients
     * add a CRLF after a POST body). A few are ignored; a stream of them is not a request.
     */
    private static final int MAX_LEADING_EMPTY_LINES = 8;

    private final int maxRequestLine;
    private final int maxFields;
    private final int maxFieldLine;
    private final LineReader line = new LineReader();
    private final FieldList fields = new FieldList();

    private String method;
    private String target;
    private HttpVersion version;
    private int emptyLines;
    private boolean done;

    public RequestParser() {
        this(DEFAULT_MAX_REQUEST_LINE, DEFAULT_MAX_FIELDS, DEFAULT_MAX_FIELD_LINE);
    }

    public RequestParser(int maxRequestLine, int maxFields, int maxFieldLine) {
        if (maxRequestLine < 16 || maxFields < 1 || maxFieldLine < 4) {
            throw new IllegalArgumentException("limits too small: request line " + maxRequestLine
                    + ", fields " + maxFields + ", field line " + maxFieldLine);
        }
        this.maxRequestLine = maxRequestLine;
        this.maxFields = maxFields;
        this.maxFieldLine = maxFieldLine;
    }

    public void reset() {
        line.reset();
        fields.clear();
        method = null;
        target = null;
        version = null;
        emptyLines = 0;
        done = false;
    }

    /** True once part of a request (other than ignored empty lines) has been consumed. */
    public boolean started() {
        return method != null || line.length() > 0;
    }

    /**
     * Consumes bytes from {@code in}. Returns the head when it is complete (the buffer is then positioned
     * at the first byte after the head), or null when every byte was consumed and more are needed.
     *
     * @throws HttpException when the head is refused; the connection must not be reused
     */
    public RequestHead parse(ByteBuffer in) {
        if (done) {
            throw new IllegalStateException("head already parsed: call reset() first");
        }
        while (method == null) {
            if (!line.read(in, maxRequestLine, 414, "request line too long")) {
                return null;
            }
            if (line.length() == 0) {
                if (++emptyLines > MAX_LEADING_EMPTY_LINES) {
                    throw HttpException.badRequest("empty lines instead of a request line (RFC 9112 §2.2)");
                }
            } else {
                requestLine(line.bytes(), line.length());
            }
            line.reset();
        }
        while (true) {
            // limit_request_field_size counts the CRLF, as gunicorn does
            if (!line.read(in, maxFieldLine - 2, 431, "header field line too long")) {
                return null;
            }
            if (line.length() == 0) {
                done = true;
                return head();
            }
            fields.parse(line.bytes(), line.length(), maxFields);
            line.reset();
        }
    }

    /** request-line = method SP request-target SP HTTP-version (RFC 9112 §3). */
    private void requestLine(byte[] b, int length) {
        int sp1 = indexOf(b, 0, length, Ascii.SP);
        int sp2 = sp1 < 0 ? -1 : indexOf(b, sp1 + 1, length, Ascii.SP);
        if (sp2 < 0) {
            throw HttpException.badRequest("request line is not method SP target SP version (RFC 9112 §3)");
        }
        if (sp1 == 0) {
            throw HttpException.badRequest("empty method (RFC 9112 §3.1)");
        }
        for (int i = 0; i < sp1; i++) {
            if (!Ascii.is(b[i], Ascii.TCHAR)) {
                throw HttpException.badRequest("method is not a token (RFC 9112 §3.1)");
            }
        }
        if (sp2 == sp1 + 1) {
            throw HttpException.badRequest("empty request-target (RFC 9112 §3.2)");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            if (!Ascii.is(b[i], Ascii.TARGET)) {
                throw HttpException.badRequest("invalid byte in request-target (RFC 9112 §3.2)");
            }
        }
        version = version(b, sp2 + 1, length);
        target = new String(b, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        method = method(b, sp1);
    }

    private static HttpVersion version(byte[] b, int from, int to) {
        if (to - from == 8 && b[from] == 'H' && b[from + 1] == 'T' && b[from + 2] == 'T' && b[from + 3] == 'P'
                && b[from + 4] == '/' && Ascii.is(b[from + 5], Ascii.DIGIT) && b[from + 6] == '.'
                && Ascii.is(b[from + 7], Ascii.DIGIT)) {
            if (b[from + 5] == '1' && b[from + 7] == '1') {
                return HttpVersion.HTTP_1_1;
            }
            if (b[from + 5] == '1' && b[from + 7] == '0') {
                return HttpVersion.HTTP_1_0;
            }
            throw new HttpException(505, "HTTP version not supported (RFC 9110 §15.6.6)");
        }
        throw HttpException.badRequest("invalid HTTP version (RFC 9112 §2.3)");
    }

    /** The common methods as shared constants: no allocation for them. */
    private static String method(byte[] b, int length) {
        switch (length) {
            case 3:
                if (b[0] == 'G' && b[1] == 'E' && b[2] == 'T') {
                    return "GET";
                }
                if (b[0] == 'P' && b[1] == 'U' && b[2] == 'T') {
                    return "PUT";
                }
                break;
            case 4:
                if (b[0] == 'P' && b[1] == 'O' && b[2] == 'S' && b[3] == 'T') {
                    return "POST";
                }
                if (b[0] == 'H' && b[1] == 'E' && b[2] == 'A' && b[3] == 'D') {
                    return "HEAD";
                }
                break;
            default:
                break;
        }
        return new String(b, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** Decides the framing once, from every field line (RFC 9112 §6.3). */
    private RequestHead head() {
        String[] names = fields.names();
        String[] values = fields.values();
        boolean http11 = version == HttpVersion.HTTP_1_1;
        long contentLength = -1;
        boolean sawTransferEncoding = false;
        boolean chunked = false;
        int hosts = 0;
        boolean close = false;
        boolean keepAliveToken = false;
        boolean expectContinue = false;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            switch (name.length()) {
                case 4 -> {
                    if (Ascii.equalsLower(name, "host")) {
                        hosts++;
                    }
                }
                case 6 -> {
                    if (Ascii.equalsLower(name, "expect") && http11 && Ascii.equalsLower(values[i], "100-continue")) {
                        expectContinue = true;
                    }
                }
                case 10 -> {
                    if (Ascii.equalsLower(name, "connection")) {
                        int tokens = connectionTokens(values[i]);
                        close |= (tokens & CLOSE) != 0;
                        keepAliveToken |= (tokens & KEEP_ALIVE) != 0;
                    }
                }
                case 14 -> {
                    if (Ascii.equalsLower(name, "content-length")) {
                        contentLength = contentLength(values[i], contentLength);
                    }
                }
                case 17 -> {
                    if (Ascii.equalsLower(name, "transfer-encoding")) {
                        chunked = transferEncoding(values[i], chunked);
                        sawTransferEncoding = true;
                    }
                }
                default -> {
                }
            }
        }
        if (hosts > 1) {
            throw HttpException.badRequest("more than one Host field (RFC 9112 §3.2)");
        }
        if (hosts == 0 && http11) {
            throw HttpException.badRequest("HTTP/1.1 request without Host (RFC 9112 §3.2)");
        }
        if (sawTransferEncoding) {
            if (!http11) {
                throw HttpException.badRequest("Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)");
            }
            if (contentLength >= 0) {
                throw HttpException.badRequest("Content-Length with Transfer-Encoding (RFC 9112 §6.1)");
            }
            if (!chunked) {
                throw HttpException.badRequest("Transfer-Encoding does not end with chunked (RFC 9112 §6.3)");
            }
        }
        boolean keepAlive = http11 ? !close : keepAliveToken && !close;
        return new RequestHead(method, target, version, names, values, contentLength, chunked, keepAlive,
                expectContinue);
    }

    private static final int CLOSE = 1;
    private static final int KEEP_ALIVE = 2;

    /** Connection = #connection-option (RFC 9110 §7.6.1); only close and keep-alive matter here. */
    private static int connectionTokens(String value) {
        int found = 0;
        int n = value.length();
        int i = 0;
        while (i < n) {
            int start = i;
            while (i < n && value.charAt(i) != ',') {
                i++;
            }
            int end = i;
            while (start < end && isOws(value.charAt(start))) {
                start++;
            }
            while (end > start && isOws(value.charAt(end - 1))) {
                end--;
            }
            String token = value.substring(start, end);
            if (Ascii.equalsLower(token, "close")) {
                found |= CLOSE;
            } else if (Ascii.equalsLower(token, "keep-alive")) {
                found |= KEEP_ALIVE;
            }
            i++;
        }
        return found;
    }

    /**
     * Content-Length = 1*DIGIT, possibly repeated as a list or over several lines; all values must agree
     * (RFC 9112 §6.3 item 5, RFC 9110 §8.6). {@code previous} is -1 when none was seen yet.
     */
    private static long contentLength(String value, long previous) {
        int n = value.length();
        int i = 0;
        long agreed = previous;
        do {
            while (i < n && isOws(value.charAt(i))) {
                i++;
            }
            int digits = 0;
            long v = 0;
            while (i < n && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
                int d = value.charAt(i) - '0';
                if (v > (Long.MAX_VALUE - d) / 10) {
                    throw HttpException.badRequest("Content-Length too large (RFC 9110 §8.6)");
                }
                v = v * 10 + d;
                digits++;
                i++;
            }
            while (i < n && isOws(value.charAt(i))) {
                i++;
            }
            if (digits == 0 || (i < n && value.charAt(i) != ',')) {
                throw HttpException.badRequest("Content-Length is not a number (RFC 9110 §8.6)");
            }
            if (agreed >= 0 && agreed != v) {
                throw HttpException.badRequest("Content-Length values differ (RFC 9112 §6.3)");
            }
            agreed = v;
            i++; // past the comma, or past the end
        } while (i <= n);
        return agreed;
    }

    /**
     * Transfer-Encoding = #transfer-coding (RFC 9112 §6.1), over all lines in order. Returns whether the
     * list so far ends with chunked. chunked anywhere but last is refused later (400); a coding the
     * server does not know is refused here with 501.
     */
    private static boolean transferEncoding(String value, boolean endsWithChunked) {
        int n = value.length();
        int i = 0;
        boolean last = endsWithChunked;
        do {
            int start = i;
            while (i < n && value.charAt(i) != ',') {
                i++;
            }
            int end = i;
            while (start < end && isOws(value.charAt(start))) {
                start++;
            }
            while (end > start && isOws(value.charAt(end - 1))) {
                end--;
            }
            if (start == end) {
                throw HttpException.badRequest("empty transfer coding (RFC 9112 §6.1)");
            }
            for (int k = start; k < end; k++) {
                if (!Ascii.isTchar(value.charAt(k))) {
                    throw HttpException.badRequest("transfer coding is not a token (RFC 9112 §6.1)");
                }
            }
            String coding = value.substring(start, end);
            if (last) {
                throw HttpException.badRequest("chunked is not the final transfer coding (RFC 9112 §6.3)");
            }
            if (Ascii.equalsLower(coding, "chunked")) {
                last = true;
            } else if (!isKnownCoding(coding)) {
                throw new HttpException(501, "unsupported transfer coding (RFC 9112 §6.1)");
            }
            i++;
        } while (i <= n);
        return last;
    }

    /**
     * Codings that may precede chunked. The body is delivered still encoded, with the field visible to
     * the application (gunicorn 23 does the same).
     */
    private static boolean isKnownCoding(String coding) {
        return Ascii.equalsLower(coding, "gzip") || Ascii.equalsLower(coding, "x-gzip")
                || Ascii.equalsLower(coding, "deflate") || Ascii.equalsLower(coding, "compress")
                || Ascii.equalsLower(coding, "x-compress");
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
