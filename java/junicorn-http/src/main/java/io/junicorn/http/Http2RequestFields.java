package io.junicorn.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the fields of an HTTP/2 request's header block into a {@link RequestHead} (RFC 9113 §8.2, §8.3), as
 * the HTTP/1.1 parser turns a head's bytes into one, so applications see the same request either way. Collects
 * the fields {@link HpackDecoder} gives it, then {@link #request} checks them:
 * <ul>
 * <li>a malformed request (§8.1.1) is a stream error of type PROTOCOL_ERROR: an upper-case or non-token name,
 *     a value with NUL, CR or LF or with whitespace at either end, a pseudo-header that is unknown, repeated,
 *     missing or after a regular field, a connection-specific field (Connection, Keep-Alive,
 *     Proxy-Connection, Transfer-Encoding, Upgrade; TE other than {@code trailers}), a Content-Length that is
 *     not a number or appears twice, a Host that names another authority than {@code :authority};</li>
 * <li>what HTTP/1.1 answers with a status gets the same status: an invalid target (400), more fields than
 *     limit_request_fields (431), an {@code Expect} other than 100-continue (417), header_map's refusal.</li>
 * </ul>
 * {@code :authority} becomes a {@code Host} field when there is none, and several {@code cookie} fields
 * become one joined by "; " (§8.2.3), for applications written against HTTP/1.1.
 */
public final class Http2RequestFields implements HpackDecoder.FieldSink {
    private final ParserOptions options;
    private final int targetBytes;
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private String method;
    private String scheme;
    private String authority;
    private String path;
    private String malformed;
    private boolean regularSeen;
    private boolean trailers;

    public Http2RequestFields(ParserOptions options) {
        this.options = options;
        this.targetBytes = options.permitUnescapedTarget() ? Ascii.TARGET | Ascii.TARGET_UNESCAPED : Ascii.TARGET;
    }

    /** Starts a header section ({@code trailers} false) or a trailer section. */
    public void reset(boolean trailers) {
        names.clear();
        values.clear();
        method = scheme = authority = path = malformed = null;
        regularSeen = false;
        this.trailers = trailers;
    }

    @Override
    public void field(String name, String value) {
        if (malformed != null) {
            return;
        }
        if (name.startsWith(":")) {
            pseudo(name, value);
            return;
        }
        regularSeen = true;
        if (name.isEmpty()) {
            malformed = "empty field name (RFC 9113 §8.2.1)";
            return;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Ascii.isTchar(c) || (c >= 'A' && c <= 'Z')) {
                malformed = "field name not a lower-case token (RFC 9113 §8.2.1)";
                return;
            }
        }
        if (!validValue(value)) {
            malformed = "field value with NUL, CR, LF or surrounding whitespace (RFC 9113 §8.2.1)";
            return;
        }
        switch (name) {
            case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> {
                malformed = "connection-specific field " + name + " (RFC 9113 §8.2.2)";
                return;
            }
            case "te" -> {
                if (!value.equals("trailers")) {
                    malformed = "TE other than trailers (RFC 9113 §8.2.2)";
                    return;
                }
            }
            default -> {
            }
        }
        names.add(name);
        values.add(value);
    }

    private void pseudo(String name, String value) {
        if (regularSeen || trailers) {
            malformed = "pseudo-header " + name + (trailers ? " in trailers" : " after a regular field") + " (RFC 9113 §8.3)";
            return;
        }
        switch (name) {
            case ":method" -> method = once(name, method, value);
            case ":scheme" -> scheme = once(name, scheme, value);
            case ":authority" -> authority = once(name, authority, value);
            case ":path" -> path = once(name, path, value);
            default -> malformed = "pseudo-header " + name + " not defined for requests (RFC 9113 §8.3)";
        }
    }

    private String once(String name, String previous, String value) {
        if (previous != null) {
            malformed = "pseudo-header " + name + " twice (RFC 9113 §8.3.1)";
        }
        return value;
    }

    private static boolean validValue(String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                return false;
            }
        }
        return n == 0 || !isWhitespace(value.charAt(0)) && !isWhitespace(value.charAt(n - 1));
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * The request, once the whole header block was decoded into this.
     *
     * @throws Http2Exception a stream error (PROTOCOL_ERROR) for a malformed request
     * @throws HttpException the status HTTP/1.1 would answer
     */
    public RequestHead request(int streamId) throws Http2Exception {
        if (malformed != null) {
            throw Http2Exception.stream(streamId, Http2ErrorCode.PROTOCOL_ERROR, malformed);
        }
        if (method == null) {
            throw Http2Exception.stream(streamId, Http2ErrorCode.PROTOCOL_ERROR, "no :method (RFC 9113 §8.3.1)");
        }
        boolean connect = method.equals("CONNECT");
        if (connect ? scheme != null || path != null || authority == null
                : scheme == null || path == null || path.isEmpty()) {
            throw Http2Exception.stream(streamId, Http2ErrorCode.PROTOCOL_ERROR, connect
                    ? "CONNECT with :scheme or :path, or without :authority (RFC 9113 §8.5)"
                    : "missing or empty :scheme or :path (RFC 9113 §8.3.1)");
        }
        checkMethod();
        String target = connect ? authority : path;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c > 0xff || !Ascii.is((byte) c, targetBytes)) {
                throw HttpException.badRequest("invalid byte in :path (RFC 9113 §8.3.1, RFC 3986 §2)");
            }
        }
        TargetForm.check(method, target);
        if (authority != null && !TargetForm.isHostValue(authority)) {
            throw HttpException.badRequest("invalid :authority (RFC 9113 §8.3.1)");
        }
        return head(streamId, target);
    }

    private void checkMethod() {
        for (int i = 0; i < method.length(); i++) {
            if (!Ascii.isTchar(method.charAt(i))) {
                throw HttpException.badRequest("method is not a token (RFC 9110 §9.1)");
            }
        }
        if (method.isEmpty()) {
            throw HttpException.badRequest("empty :method (RFC 9110 §9.1)");
        }
    }

    private RequestHead head(int streamId, String target) throws Http2Exception {
        List<String> n = new ArrayList<>(names.size() + 1);
        List<String> v = new ArrayList<>(values.size() + 1);
        long contentLength = -1;
        boolean expectContinue = false;
        boolean host = false;
        StringBuilder cookies = null;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String value = values.get(i);
            switch (name) {
                case "content-length" -> {
                    if (contentLength >= 0) {
                        throw Http2Exception.stream(streamId, Http2ErrorCode.PROTOCOL_ERROR,
                                "two content-length fields (RFC 9110 §8.6)");
                    }
                    contentLength = contentLength(streamId, value);
                }
                case "host" -> {
                    if (host || authority != null && !Ascii.equalsIgnoreCase(value, authority)) {
                        throw Http2Exception.stream(streamId, Http2ErrorCode.PROTOCOL_ERROR,
                                "host differs from :authority, or appears twice (RFC 9113 §8.3.1)");
                    }
                    host = true;
                }
                case "expect" -> {
                    if (!Ascii.equalsIgnoreCase(value, "100-continue")) {
                        throw new HttpException(417, "Expect other than 100-continue (RFC 9110 §10.1.1)");
                    }
                    expectContinue = true;
                }
                case "cookie" -> {
                    if (cookies == null) {
                        cookies = new StringBuilder(value);
                        n.add(name);
                        v.add(null); // its place in the order; filled below
                    } else {
                        cookies.append("; ").append(value);
                    }
                    continue;
                }
                default -> {
                }
            }
            if (name.indexOf('_') >= 0 && options.headerMap() != ParserOptions.HeaderMap.DANGEROUS) {
                if (options.headerMap() == ParserOptions.HeaderMap.REFUSE) {
                    throw HttpException.badRequest("'_' in a field name (header_map = refuse)");
                }
                continue;
            }
            n.add(name);
            v.add(value);
        }
        if (cookies != null) {
            v.set(n.indexOf("cookie"), cookies.toString());
        }
        if (!host && authority != null && !authority.isEmpty()) {
            n.add("host");
            v.add(authority);
        }
        if (n.size() > options.maxFields()) {
            throw new HttpException(431, "more header fields than limit_request_fields (RFC 6585 §5)");
        }
        return new RequestHead(method, target, HttpVersion.HTTP_2_0, n.toArray(String[]::new), v.toArray(String[]::new),
                contentLength, false, true, expectContinue);
    }

    private static long contentLength(int streamId, String value) throws Http2Exception {
        if (value.isEmpty() || value.length() > 18) {
            throw Http2Exception.stream(streamId, Http2ErrorCode.PROTOCOL_ERROR, "invalid content-length (RFC 9110 §8.6)");
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw Http2Exception.stream(streamId, Http2ErrorCode.PROTOCOL_ERROR, "invalid content-length (RFC 9110 §8.6)");
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }

    /** A trailer section (RFC 9113 §8.1): checked like the header section, then dropped. */
    public void checkTrailers(int streamId) throws Http2Exception {
        if (malformed != null) {
            throw Http2Exception.stream(streamId, Http2ErrorCode.PROTOCOL_ERROR, malformed);
        }
    }
}
