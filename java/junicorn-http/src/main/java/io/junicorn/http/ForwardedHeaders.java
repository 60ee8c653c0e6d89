package io.junicorn.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a request's forwarding headers mean, when its peer is a trusted proxy (forwarded_allow_ips).
 *
 * <p>The scheme is gunicorn's {@code secure_scheme_headers} rule: each configured header present gives
 * {@code https} when its value equals the configured one exactly, else {@code http}; two that disagree are
 * a 400 (gunicorn's InvalidSchemeHeaders). From an untrusted peer they are ignored, as in gunicorn.
 *
 * <p>The client comes from {@code X-Forwarded-For}, which gunicorn never uses for REMOTE_ADDR (it leaves
 * that to the PROXY protocol and to applications). junicorn reports it because a Java handler has only
 * {@code getRemoteAddress()}: the entries of every X-Forwarded-For field, read right to left, skipping
 * those that are themselves trusted proxies; the first untrusted one is the client. So a client cannot
 * pose as anyone by sending its own X-Forwarded-For through a proxy that appends to it; with
 * {@code forwarded_allow_ips = *} every entry is trusted and the leftmost one is the client. An entry that
 * is not an IP address (a name, "unknown", an obfuscated id) stops the walk at the nearest trusted hop.
 */
public final class ForwardedHeaders {
    public static final String DEFAULT_SECURE_SCHEME_HEADERS =
            "X-FORWARDED-PROTOCOL=ssl,X-FORWARDED-PROTO=https,X-FORWARDED-SSL=on";
    public static final String DEFAULT_FORWARDED_ALLOW_IPS = "127.0.0.1,::1";

    private final Predicate<InetAddress> trusted;
    /** secure_scheme_headers as two arrays: matched per field without allocating, as every request is. */
    private final String[] schemeNames;
    private final String[] secureValues;

    public ForwardedHeaders(Predicate<InetAddress> trusted, Map<String, String> secureSchemeHeaders) {
        this.trusted = trusted;
        this.schemeNames = secureSchemeHeaders.keySet().toArray(new String[0]);
        this.secureValues = new String[schemeNames.length];
        for (int i = 0; i < schemeNames.length; i++) {
            secureValues[i] = secureSchemeHeaders.get(schemeNames[i]);
        }
    }

    /** gunicorn's defaults: trust 127.0.0.1 and ::1, and its three scheme headers. */
    public static ForwardedHeaders defaults() {
        return new ForwardedHeaders(AddressList.parse(DEFAULT_FORWARDED_ALLOW_IPS),
                schemeHeaders(DEFAULT_SECURE_SCHEME_HEADERS));
    }

    /**
     * Parses {@code NAME=VALUE,NAME=VALUE} (gunicorn's dict as a string); names are compared without case.
     *
     * @throws IllegalArgumentException for an entry without '=' or with an empty name
     */
    public static Map<String, String> schemeHeaders(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String raw : text.split(",", -1)) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("'" + entry + "' is not NAME=VALUE");
            }
            headers.put(entry.substring(0, equals).strip().toUpperCase(Locale.ROOT), entry.substring(equals + 1).strip());
        }
        return Map.copyOf(headers);
    }

    /**
     * Whether the headers of this peer are believed; a unix-socket peer (null) is, as in gunicorn: only local
     * processes can connect to it.
     */
    public boolean trusts(InetAddress peer) {
        return peer == null || trusted.test(peer);
    }

    /**
     * The scheme the trusted proxy saw: https or http from the scheme headers, or {@code defaultScheme}
     * when none is present.
     *
     * @throws HttpException 400 when two scheme headers disagree
     */
    public String scheme(RequestHead head, String defaultScheme) {
        String scheme = null;
        for (int i = 0, n = head.fieldCount(); i < n; i++) {
            String expected = secureValue(head.fieldName(i));
            if (expected == null) {
                continue;
            }
            String said = head.fieldValue(i).equals(expected) ? "https" : "http";
            if (scheme != null && !scheme.equals(said)) {
                throw HttpException.badRequest("scheme headers disagree (secure_scheme_headers)");
            }
            scheme = said;
        }
        return scheme == null ? defaultScheme : scheme;
    }

    private String secureValue(String fieldName) {
        for (int i = 0; i < schemeNames.length; i++) {
            if (Ascii.equalsIgnoreCase(schemeNames[i], fieldName)) {
                return secureValues[i];
            }
        }
        return null;
    }

    /** The client the trusted proxies name in X-Forwarded-For, or null when they name none. */
    public InetAddress client(RequestHead head) {
        if (head.field("X-Forwarded-For") == null) {
            return null;
        }
        List<String> entries = new ArrayList<>();
        for (String value : head.fieldValues("X-Forwarded-For")) {
            splitList(value, entries);
        }
        InetAddress client = null;
        for (int i = entries.size() - 1; i >= 0; i--) {
            InetAddress hop = IpLiteral.parse(unbracket(entries.get(i)));
            if (hop == null) {
                return client;
            }
            client = hop;
            if (!trusted.test(hop)) {
                return client;
            }
        }
        return client;
    }

    /** RFC 9110 §5.6.1 list elements: split at commas, optional whitespace (SP, HTAB) around each dropped. */
    private static void splitList(String value, List<String> into) {
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ',') {
                int from = start;
                int to = i;
                while (from < to && isOws(value.charAt(from))) {
                    from++;
                }
                while (to > from && isOws(value.charAt(to - 1))) {
                    to--;
                }
                if (to > from) {
                    into.add(value.substring(from, to));
                }
                start = i + 1;
            }
        }
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** An IPv6 entry may be written in brackets, as in URIs. */
    private static String unbracket(String entry) {
        return entry.length() > 2 && entry.charAt(0) == '[' && entry.charAt(entry.length() - 1) == ']'
                ? entry.substring(1, entry.length() - 1) : entry;
    }
}
