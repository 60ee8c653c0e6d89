package io.junicorn.http.websocket;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6455 §4.2.1's checks, the accept key, token lists and extension offers. */
class WebSocketHandshakeTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static WebSocketHandshake.Refusal check(String method, String protocol, List<String> upgrade,
                                                    List<String> connection, List<String> key, List<String> version) {
        return WebSocketHandshake.check(method, protocol, upgrade, connection, key, version);
    }

    private static WebSocketHandshake.Refusal valid(List<String> upgrade, List<String> connection) {
        return check("GET", "HTTP/1.1", upgrade, connection, List.of(KEY), List.of("13"));
    }

    @Test
    void rfcExampleAcceptKey() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.accept(KEY)); // RFC 6455 §1.3
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.accept(" " + KEY + "\t"));
    }

    @Test
    void validHandshakes() {
        assertNull(valid(List.of("websocket"), List.of("Upgrade")));
        assertNull(valid(List.of("WebSocket"), List.of("keep-alive, upgrade")));
        assertNull(valid(List.of("h2c, websocket"), List.of("keep-alive", "UPGRADE")), "tokens across fields");
        assertNull(check("GET", "HTTP/1.1", List.of("websocket"), List.of("Upgrade"), List.of(" " + KEY + " "), List.of(" 13 ")));
    }

    private static void refused(int status, String why, WebSocketHandshake.Refusal refusal) {
        assertEquals(status, refusal == null ? 0 : refusal.status(), why);
        assertTrue(refusal.reason().contains("RFC 6455"), refusal.reason());
    }

    @Test
    void refusals() {
        List<String> up = List.of("websocket");
        List<String> conn = List.of("Upgrade");
        List<String> key = List.of(KEY);
        List<String> v13 = List.of("13");
        refused(400, "POST", check("POST", "HTTP/1.1", up, conn, key, v13));
        refused(400, "HTTP/1.0", check("GET", "HTTP/1.0", up, conn, key, v13));
        refused(400, "HTTP/2", check("GET", "HTTP/2.0", up, conn, key, v13));
        refused(400, "no Upgrade", check("GET", "HTTP/1.1", List.of(), conn, key, v13));
        refused(400, "Upgrade: h2c", check("GET", "HTTP/1.1", List.of("h2c"), conn, key, v13));
        refused(400, "Upgrade: websockets", check("GET", "HTTP/1.1", List.of("websockets"), conn, key, v13));
        refused(400, "no Connection", check("GET", "HTTP/1.1", up, List.of(), key, v13));
        refused(400, "Connection: keep-alive", check("GET", "HTTP/1.1", up, List.of("keep-alive"), key, v13));
        refused(400, "no key", check("GET", "HTTP/1.1", up, conn, List.of(), v13));
        refused(400, "two keys", check("GET", "HTTP/1.1", up, conn, List.of(KEY, KEY), v13));
        refused(400, "15 bytes", check("GET", "HTTP/1.1", up, conn, List.of("dGhlIHNhbXBsZSBub25jZQ="), v13));
        refused(400, "17 bytes", check("GET", "HTTP/1.1", up, conn, List.of("dGhlIHNhbXBsZSBub25jZQAA"), v13));
        refused(400, "no padding", check("GET", "HTTP/1.1", up, conn, List.of("dGhlIHNhbXBsZSBub25jZQ"), v13));
        refused(400, "not base64", check("GET", "HTTP/1.1", up, conn, List.of("dGhlIHNhbXBsZSBub25jZ!=="), v13));
        refused(400, "two keys in one field", check("GET", "HTTP/1.1", up, conn, List.of(KEY + ", " + KEY), v13));
        for (List<String> version : List.<List<String>>of(List.of(), List.of("8"), List.of("13, 8"), List.of("13", "8"), List.of("14"))) {
            WebSocketHandshake.Refusal refusal = check("GET", "HTTP/1.1", up, conn, key, version);
            refused(426, "version " + version, refusal);
            assertTrue(refusal.reason().contains("13"), "the reason names the version spoken");
        }
    }

    @Test
    void tokenLists() {
        assertEquals(List.of("chat", "superchat", "v2.stomp"),
                WebSocketHandshake.tokens(List.of("chat, superchat", " ,\tv2.stomp ,", "")));
        assertEquals(List.of(), WebSocketHandshake.tokens(List.of()));
    }

    private static Map<String, String> params(String... nameValue) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put(nameValue[i], nameValue[i + 1]);
        }
        return map;
    }

    private static WebSocketHandshake.ExtensionOffer offer(String name, String... nameValue) {
        return new WebSocketHandshake.ExtensionOffer(name, params(nameValue));
    }

    @Test
    void extensionOffers() {
        assertEquals(List.of(
                        offer("permessage-deflate", "client_max_window_bits", null, "server_max_window_bits", "10"),
                        offer("permessage-deflate", "client_max_window_bits", null),
                        offer("x-foo"),
                        offer("x-bar", "a", "1", "b", "quoted", "c", "esc")),
                WebSocketHandshake.extensions(List.of(
                        "permessage-deflate; client_max_window_bits; server_max_window_bits=10, permessage-deflate;client_max_window_bits",
                        "x-foo,, ",
                        "x-bar ; a = 1 ;b=\"quoted\"; c=\"e\\sc\"")));
        assertEquals(List.of(), WebSocketHandshake.extensions(List.of()));
    }

    @Test
    void malformedOffersAreLeftOut() {
        assertEquals(List.of(offer("good")), WebSocketHandshake.extensions(List.of(
                "; x, good")));
        assertEquals(List.of(offer("good", "p", null)), WebSocketHandshake.extensions(List.of(
                "dup; p; p, good; p")));
        assertEquals(List.of(offer("good")), WebSocketHandshake.extensions(List.of(
                "bad; p=\"not a token, with a comma\", good")));
        assertEquals(List.of(offer("good"), offer("good")), WebSocketHandshake.extensions(List.of(
                "bad; p=, good", "bad; p=\"unterminated", "good", "bad x", "bad; =1", "bad;")));
        assertEquals(List.of(offer("a"), offer("b")), WebSocketHandshake.extensions(List.of(
                "a, bad p=\"x\\\",y\", b")), "a quoted comma does not end the bad element");
    }
}
