package io.junicorn.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Incremental request-head parser. {@link #parse} takes whatever bytes arrived and returns the head once
 * the empty line is seen; it consumes nothing past the head, so the body and pipelined requests stay in
 * the buffer. The result is the same for any split of the input. One parser serves one connection;
 * {@link #reset()} before each request.
 *
 * <p>Limits and compatibility switches are gunicorn's ({@link ParserOptions}): {@code limit_request_line}
 * (4094, the line without CRLF, 414 here), {@code limit_request_fields} (100, 431) and
 * {@code limit_request_field_size} (8190, the field line with its CRLF, 431). Each refusal names its rule
 * and section; docs/http.md lists where junicorn is tolerant and where it answers differently from gunicorn.
 */
public final class RequestParser {
    /**
     * RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line (clients
     * add a CRLF after a POST body). A few are ignored; a stream of them is not a request.
     */
    private static final int MAX_LEADING_EMPTY_LINES = 8;

    private final ParserOptions options;
    private final LineReader line = new LineReader();
    private final FieldList fields;
    /** The byte classes a request-target may use: RFC 3986's, or gunicorn's with permit_unescaped_target. */
    private final int targetBytes;

    private String method;
    private String target;
    /**
     * The last head's request-target, kept across {@link #reset()}: a client asking for the same target again
     * gets the same string, which spares the allocation and lets the engine reuse what it derived from it.
     */
    private String lastTarget = "";
    private HttpVersion version;
    private int emptyLines;
    /** Bytes of the current field line and its obs-fold continuations, CRLFs included. */
    private int fieldSize;
    private boolean done;

    public RequestParser() {
        this(ParserOptions.DEFAULTS);
    }

    public RequestParser(ParserOptions options) {
        this.options = options;
        this.fields = new FieldList(options);
        this.targetBytes = options.permitUnescapedTarget() ? Ascii.TARGET | Ascii.TARGET_UNESCAPED : Ascii.TARGET;
    }

    public void reset() {
        line.reset();
        fields.clear();
        method = null;
        target = null;
        version = null;
        emptyLines = 0;
        fieldSize = 0;
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
            if (!line.read(in, options.maxRequestLine(), 414, "request line too long (limit_request_line)")) {
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
            if (!line.read(in, options.maxFieldSize() - 2, 431, "header field line too long (limit_request_field_size)")) {
                return null;
            }
            if (line.length() == 0) {
                done = true;
                return head();
            }
            fieldLine(line.bytes(), line.length());
            line.reset();
        }
    }

    private void fieldLine(byte[] b, int length) {
        if (!Ascii.isWhitespace(b[0])) {
            fieldSize = length + 2;
            fields.parse(b, length);
            return;
        }
        if (fields.isEmpty()) {
            throw HttpException.badRequest("whitespace before the first field line (RFC 9112 §2.2)");
        }
        if (!options.permitObsoleteFolding()) {
            throw HttpException.badRequest("obsolete line folding (RFC 9112 §5.2; permit_obsolete_folding)");
        }
        fieldSize += length + 2;
        if (fieldSize > options.maxFieldSize()) {
            throw new HttpException(431, "header field line too long (limit_request_field_size)");
        }
        fields.fold(b, length);
    }

    /** request-line = method SP request-target SP HTTP-version (RFC 9112 §3). */
    private void requestLine(byte[] b, int length) {
        int sp1 = indexOf(b, 0, length, Ascii.SP);
        int sp2 = sp1 < 0 ? -1 : indexOf(b, sp1 + 1, length, Ascii.SP);
        if (sp2 < 0) {
            throw HttpException.badRequest("request line is not method SP target SP version (RFC 9112 §3)");
        }
        checkMethod(b, sp1);
        if (sp2 == sp1 + 1) {
            throw HttpException.badRequest("empty request-target (RFC 9112 §3.2)");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            if (!Ascii.is(b[i], targetBytes)) {
                throw invalidTargetByte(b[i]);
            }
        }
        version = version(b, sp2 + 1, length);
        String m = method(b, sp1);
        String t = Ascii.sameText(lastTarget, b, sp1 + 1, sp2 - sp1 - 1) ? lastTarget
                : new String(b, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        lastTarget = t;
        m = options.casefoldHttpMethod() ? m.toUpperCase(java.util.Locale.ROOT) : m;
        TargetForm.check(m, t);
        target = t;
        method = m;
    }

    /**
     * A request-target is URI syntax (RFC 9112 §3.2, RFC 3986 §2): a byte outside it is either a framing
     * attack (CTL, a second SP) or something two parsers may read apart (a raw non-ASCII byte that one
     * decodes as UTF-8 and another as Latin-1; a '#' that a proxy cuts as a fragment and a server keeps).
     */
    private static HttpException invalidTargetByte(byte b) {
        if (b == '#') {
            return HttpException.badRequest("fragment in request-target (RFC 9112 §3.2)");
        }
        if (Ascii.is(b, Ascii.TARGET_UNESCAPED)) {
            return HttpException.badRequest("byte outside RFC 3986 in request-target (RFC 9112 §3.2, RFC 3986 §2; "
                    + "permit_unescaped_target)");
        }
        return HttpException.badRequest("invalid byte in request-target (RFC 9112 §3.2)");
    }

    /**
     * method = token (RFC 9110 §9.1). Like gunicorn, and unless permit_unconventional_http_method, also
     * 3 to 20 bytes without lower case or '#': every registered method fits, and a lower-case "get" is a
     * client bug or a probe, not a method an application implements.
     */
    private void checkMethod(byte[] b, int length) {
        if (length == 0) {
            throw HttpException.badRequest("empty method (RFC 9112 §3.1)");
        }
        for (int i = 0; i < length; i++) {
            if (!Ascii.is(b[i], Ascii.TCHAR)) {
                throw HttpException.badRequest("method is not a token (RFC 9110 §9.1)");
            }
        }
        if (options.permitUnconventionalHttpMethod()) {
            return;
        }
        if (length < 3 || length > 20) {
            throw HttpException.badRequest("method shorter than 3 or longer than 20 bytes "
                    + "(permit_unconventional_http_method)");
        }
        for (int i = 0; i < length; i++) {
            if ((b[i] >= 'a' && b[i] <= 'z') || b[i] == '#') {
                throw HttpException.badRequest("lower case or '#' in the method (permit_unconventional_http_method)");
            }
        }
    }

    /**
     * HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3). A higher 1.x minor is served as 1.1 (RFC 9110
     * §2.5); another major version gets 505 unless permit_unconventional_http_version, which serves 0.x
     * as 1.0 and 2.x and up as 1.1.
     */
    private HttpVersion version(byte[] b, int from, int to) {
        if (to - from != 8 || b[from] != 'H' || b[from + 1] != 'T' || b[from + 2] != 'T' || b[from + 3] != 'P'
                || b[from + 4] != '/' || !Ascii.is(b[from + 5], Ascii.DIGIT) || b[from + 6] != '.'
                || !Ascii.is(b[from + 7], Ascii.DIGIT)) {
            throw HttpException.badRequest("invalid HTTP version (RFC 9112 §2.3)");
        }
        byte major = b[from + 5];
        byte minor = b[from + 7];
        if (major == '1') {
            return minor == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        }
        if (!options.permitUnconventionalHttpVersion()) {
            throw new HttpException(505, "HTTP version not supported (RFC 9110 §15.6.6; "
                    + "permit_unconventional_http_version)");
        }
        return major == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
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
        int transferCodings = 0;
        int hosts = 0;
        int contentTypes = 0;
        boolean close = false;
        boolean keepAliveToken = false;
        boolean expectContinue = false;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            switch (name.length()) {
                case 4 -> {
                    if (Ascii.equalsLower(name, "host")) {
                        hosts++;
                        if (!TargetForm.isHostValue(values[i])) {
                            throw HttpException.badRequest("invalid Host (RFC 9112 §3.2, RFC 9110 §7.2)");
                        }
                    }
                }
                case 6 -> {
                    if (Ascii.equalsLower(name, "expect") && !values[i].isEmpty()) {
                        if (!Ascii.equalsLower(values[i], "100-continue")) {
                            // the only expectation defined; refusing is safer than serving a client that
                            // waits for something this server will never do (RFC 9110 §10.1.1)
                            throw new HttpException(417, "unsupported expectation (RFC 9110 §10.1.1)");
                        }
                        expectContinue |= http11; // an HTTP/1.0 client's 100-continue is ignored (same section)
                    }
                }
                case 10 -> {
                    if (Ascii.equalsLower(name, "connection")) {
                        int tokens = connectionTokens(values[i]);
                        close |= (tokens & CLOSE) != 0;
                        keepAliveToken |= (tokens & KEEP_ALIVE) != 0;
                    }
                }
                case 12 -> {
                    if (Ascii.equalsLower(name, "content-type")) {
                        contentTypes++;
                    }
                }
                case 14 -> {
                    if (Ascii.equalsLower(name, "content-length")) {
                        if (contentLength >= 0) {
                            throw HttpException.badRequest("more than one Content-Length (RFC 9112 §6.3 item 5)");
                        }
                        contentLength = contentLength(values[i]);
                    }
                }
                case 17 -> {
                    if (Ascii.equalsLower(name, "transfer-encoding")) {
                        transferCodings = transferEncoding(values[i], transferCodings);
                    }
                }
                default -> {
                }
            }
        }
        if (contentTypes > 1) {
            // not a list field, so two lines are two answers to one question (RFC 9110 §5.3, gunicorn 26.1)
            throw HttpException.badRequest("more than one Content-Type (RFC 9110 §5.3)");
        }
        boolean chunked = (transferCodings & CHUNKED_LAST) != 0;
        if (transferCodings != 0) {
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
        if (hosts > 1) {
            throw HttpException.badRequest("more than one Host field (RFC 9112 §3.2)");
        }
        if (hosts == 0 && http11) {
            throw HttpException.badRequest("HTTP/1.1 request without Host (RFC 9112 §3.2)");
        }
        // a content coding under chunked (gunicorn closes too), and CONNECT, which this server never tunnels:
        // the client must not take the connection for one that carries more requests
        boolean keepAlive = (http11 ? !close : keepAliveToken && !close)
                && (transferCodings & CONTENT_CODING) == 0 && !method.equals("CONNECT");
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
     * Content-Length = 1*DIGIT (RFC 9110 §8.6), one value on one line: a list such as {@code 5, 5} MAY be
     * folded to one value, but a strict server refuses it (gunicorn 26 does too).
     */
    private static long contentLength(String value) {
        int n = value.length();
        if (n == 0) {
            throw HttpException.badRequest("empty Content-Length (RFC 9110 §8.6)");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw HttpException.badRequest("Content-Length is not a number (RFC 9110 §8.6)");
            }
            int d = c - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw HttpException.badRequest("Content-Length too large (RFC 9110 §8.6)");
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Transfer codings seen so far: chunked was the last one; a content coding came before it. */
    private static final int CODINGS_SEEN = 1;
    private static final int CHUNKED_LAST = 2;
    private static final int CONTENT_CODING = 4;

    /**
     * Transfer-Encoding = #transfer-coding (RFC 9112 §6.1), over all lines in order; {@code seen} carries
     * the flags above from line to line. A coding after chunked is refused (400); a coding the server does
     * not know is refused with 501. {@code identity} (no longer registered, RFC 9112 §7) is accepted as
     * the no-op it names, as gunicorn does.
     */
    private static int transferEncoding(String value, int seen) {
        int n = value.length();
        int i = 0;
        int flags = seen | CODINGS_SEEN;
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
            if ((flags & CHUNKED_LAST) != 0) {
                throw HttpException.badRequest("chunked is not the final transfer coding (RFC 9112 §6.3)");
            }
            if (Ascii.equalsLower(coding, "chunked")) {
                flags |= CHUNKED_LAST;
            } else if (isContentCoding(coding)) {
                flags |= CONTENT_CODING;
            } else if (!Ascii.equalsLower(coding, "identity")) {
                throw new HttpException(501, "unsupported transfer coding (RFC 9112 §6.1)");
            }
            i++;
        } while (i <= n);
        return flags;
    }

    /**
     * Codings that may precede chunked. The body is delivered still encoded, with the field visible to
     * the application (gunicorn 23 does the same).
     */
    private static boolean isContentCoding(String coding) {
        return Ascii.equalsLower(coding, "gzip") || Ascii.equalsLower(coding, "x-gzip")
                || Ascii.equalsLower(coding, "deflate") || Ascii.equalsLower(coding, "compress")
                || Ascii.equalsLower(coding, "x-compress");
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
