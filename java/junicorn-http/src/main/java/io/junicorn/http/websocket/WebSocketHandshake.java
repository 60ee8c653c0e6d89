package io.junicorn.http.websocket;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The opening handshake's rules and values (RFC 6455 §4.2), from header values as any server API gives them:
 * one string per header field line, in order. Nothing here reads or writes a connection.
 */
public final class WebSocketHandshake {
    public static final String VERSION = "13";

    /** Appended to the key before hashing (§1.3, §4.2.2). */
    private static final String KEY_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /**
     * Why a request is no handshake: 400, or 426 for a version other than 13, which the response must answer
     * with {@code Sec-WebSocket-Version: 13} (§4.4). The reason names the rule; it never quotes the request.
     */
    public record Refusal(int status, String reason) {
    }

    private WebSocketHandshake() {
    }

    /**
     * Null when the request is a valid opening handshake (§4.2.1): GET, HTTP/1.1, an Upgrade field with the
     * token websocket and a Connection field with the token upgrade (both case-insensitive), one
     * Sec-WebSocket-Key that is the base64 of 16 bytes, Sec-WebSocket-Version 13. A missing field is an empty
     * list.
     */
    public static Refusal check(String method, String protocol, List<String> upgrade, List<String> connection,
                                List<String> key, List<String> version) {
        if (!"GET".equals(method)) {
            return badRequest("the method of a WebSocket handshake must be GET (RFC 6455 §4.1)");
        }
        if (!"HTTP/1.1".equals(protocol)) {
            return badRequest("a WebSocket handshake is an HTTP/1.1 request (RFC 6455 §4.1)");
        }
        if (!hasToken(upgrade, "websocket")) {
            return badRequest("no Upgrade: websocket (RFC 6455 §4.2.1)");
        }
        if (!hasToken(connection, "upgrade")) {
            return badRequest("no Connection: Upgrade (RFC 6455 §4.2.1)");
        }
        if (!tokens(version).equals(List.of(VERSION))) {
            return new Refusal(426, "Sec-WebSocket-Version must be " + VERSION
                    + ", the only version this server speaks (RFC 6455 §4.2.2, §4.4)");
        }
        if (key.size() != 1) {
            return badRequest("not exactly one Sec-WebSocket-Key (RFC 6455 §4.2.1, §11.3.1)");
        }
        if (!isNonce(trimOws(key.get(0)))) {
            return badRequest("Sec-WebSocket-Key is not the base64 of 16 bytes (RFC 6455 §4.2.1)");
        }
        return null;
    }

    /** The Sec-WebSocket-Accept for a key (§4.2.2): base64 of the SHA-1 of the key and the GUID. */
    public static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((trimOws(key) + KEY_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1 (MessageDigest's javadoc)", e);
        }
    }

    /**
     * The elements of comma-separated lists (RFC 9110 §5.6.1) across header fields, whitespace around them
     * removed, empty ones skipped: Upgrade, Connection, Sec-WebSocket-Protocol. Case is kept.
     */
    public static List<String> tokens(List<String> headerValues) {
        List<String> tokens = new ArrayList<>();
        for (String value : headerValues) {
            for (String element : value.split(",")) {
                String token = trimOws(element);
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /** An extension offered in Sec-WebSocket-Extensions, with its parameters in order (value null when none). */
    public record ExtensionOffer(String name, Map<String, String> parameters) {
    }

    /**
     * The offers of Sec-WebSocket-Extensions fields, in order (§9.1): {@code name *(";" param ["=" value])},
     * comma-separated, across fields; a value is a token or a quoted-string, unquoted here. An element that
     * does not parse, whose quoted value is not a token once unquoted (§9.1), or that names a parameter twice
     * (RFC 7692 §7: such an offer is declined) is left out: the server just does not accept it.
     */
    public static List<ExtensionOffer> extensions(List<String> headerValues) {
        List<ExtensionOffer> offers = new ArrayList<>();
        for (String value : headerValues) {
            new ExtensionParser(value).parse(offers);
        }
        return offers;
    }

    private static Refusal badRequest(String reason) {
        return new Refusal(400, reason);
    }

    private static boolean hasToken(List<String> headerValues, String token) {
        for (String t : tokens(headerValues)) {
            if (t.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** 16 bytes in base64: 24 characters, the last two "==" (§4.1: "randomly selected 16-byte value"). */
    private static boolean isNonce(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Without optional whitespace (SP, HTAB) at either end (RFC 9110 §5.6.3). */
    private static String trimOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isOws(s.charAt(from))) {
            from++;
        }
        while (to > from && isOws(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** tchar (RFC 9110 §5.6.2). */
    private static boolean isTchar(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** One Sec-WebSocket-Extensions value read left to right; a bad element is skipped to its comma. */
    private static final class ExtensionParser {
        private final String s;
        private int at;

        ExtensionParser(String s) {
            this.s = s;
        }

        void parse(List<ExtensionOffer> offers) {
            while (at < s.length()) {
                skipOws();
                if (at < s.length() && s.charAt(at) == ',') { // an empty element (RFC 9110 §5.6.1)
                    at++;
                    continue;
                }
                if (at == s.length()) {
                    return;
                }
                ExtensionOffer offer = element();
                if (offer != null) {
                    offers.add(offer);
                } else {
                    skipElement();
                }
            }
        }

        /** One extension; null (the position anywhere inside it) when it does not parse. */
        private ExtensionOffer element() {
            String name = token();
            if (name.isEmpty()) {
                return null;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            while (true) {
                skipOws();
                if (at == s.length() || s.charAt(at) == ',') {
                    return new ExtensionOffer(name, Collections.unmodifiableMap(parameters));
                }
                if (s.charAt(at) != ';') {
                    return null;
                }
                at++;
                skipOws();
                String parameter = token();
                if (parameter.isEmpty() || parameters.containsKey(parameter)) {
                    return null;
                }
                skipOws();
                String value = null;
                if (at < s.length() && s.charAt(at) == '=') {
                    at++;
                    skipOws();
                    value = at < s.length() && s.charAt(at) == '"' ? quoted() : token();
                    if (value == null || value.isEmpty()) {
                        return null;
                    }
                }
                parameters.put(parameter, value);
            }
        }

        private String token() {
            int from = at;
            while (at < s.length() && isTchar(s.charAt(at))) {
                at++;
            }
            return s.substring(from, at);
        }

        /** A quoted-string (RFC 9110 §5.6.4) whose content must be a token (§9.1); null otherwise. */
        private String quoted() {
            StringBuilder value = new StringBuilder();
            at++;
            while (at < s.length()) {
                char c = s.charAt(at++);
                if (c == '"') {
                    for (int i = 0; i < value.length(); i++) {
                        if (!isTchar(value.charAt(i))) {
                            return null;
                        }
                    }
                    return value.toString();
                }
                if (c == '\\') {
                    if (at == s.length()) {
                        return null;
                    }
                    c = s.charAt(at++);
                }
                value.append(c);
            }
            return null; // no closing quote
        }

        /** To past the next comma outside a quoted-string, or the end. */
        private void skipElement() {
            boolean quoted = false;
            while (at < s.length()) {
                char c = s.charAt(at++);
                if (quoted && c == '\\') {
                    at++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    return;
                }
            }
        }

        private void skipOws() {
            while (at < s.length() && isOws(s.charAt(at))) {
                at++;
            }
        }
    }
}
