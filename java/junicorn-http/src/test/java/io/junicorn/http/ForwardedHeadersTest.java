package io.junicorn.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** X-Forwarded-For and the scheme headers, as a trusted proxy's words. */
class ForwardedHeadersTest {
    private static RequestHead head(String fields) {
        RequestHead head = new RequestParser().parse(ByteBuffer.wrap(Splits.bytes("GET / HTTP/1.1\r\nHost: a\r\n"
                + fields + "\r\n")));
        if (head == null) {
            throw new AssertionError("incomplete head");
        }
        return head;
    }

    private static ForwardedHeaders trusting(String list) {
        return new ForwardedHeaders(AddressList.parse(list),
                ForwardedHeaders.schemeHeaders(ForwardedHeaders.DEFAULT_SECURE_SCHEME_HEADERS));
    }

    private static String client(ForwardedHeaders forwarded, String fields) {
        InetAddress client = forwarded.client(head(fields));
        return client == null ? null : client.getHostAddress();
    }

    @Test
    void theClientIsTheRightmostUntrustedHop() {
        ForwardedHeaders forwarded = trusting("127.0.0.1,10.0.0.0/8");
        assertEquals("203.0.113.9", client(forwarded, "X-Forwarded-For: 203.0.113.9\r\n"));
        // a client's own X-Forwarded-For, appended to by the proxy, names nobody
        assertEquals("203.0.113.9", client(forwarded, "X-Forwarded-For: 1.2.3.4, 203.0.113.9\r\n"));
        assertEquals("203.0.113.9", client(forwarded, "X-Forwarded-For: 1.2.3.4,203.0.113.9 ,\t10.1.1.1\r\n"));
        assertEquals("203.0.113.9", client(forwarded, "X-Forwarded-For: 1.2.3.4\r\nx-forwarded-for: 203.0.113.9\r\n"));
        assertEquals("2001:db8:0:0:0:0:0:7", client(forwarded, "X-Forwarded-For: [2001:db8::7]\r\n"));
        assertEquals("10.0.0.5", client(forwarded, "X-Forwarded-For: 10.0.0.5, 10.0.0.6\r\n"),
                "every hop trusted: the leftmost");
        assertEquals("203.0.113.9", client(trusting("*"), "X-Forwarded-For: 203.0.113.9, 10.0.0.6\r\n"));
    }

    @Test
    void whatIsNotAnAddressEndsTheWalk() {
        ForwardedHeaders forwarded = trusting("127.0.0.1,10.0.0.0/8");
        assertNull(client(forwarded, "X-Forwarded-For: unknown\r\n"));
        assertNull(client(forwarded, "X-Forwarded-For: 1.2.3.4:5678\r\n"));
        assertEquals("10.0.0.6", client(forwarded, "X-Forwarded-For: _hidden, 10.0.0.6\r\n"));
        assertNull(client(forwarded, "X-Forwarded-For: \r\n"));
        assertNull(client(forwarded, "X-Real-IP: 1.2.3.4\r\n"));
    }

    @Test
    void schemeHeaders() {
        ForwardedHeaders forwarded = trusting("127.0.0.1");
        assertEquals("https", forwarded.scheme(head("X-Forwarded-Proto: https\r\n"), "http"));
        assertEquals("http", forwarded.scheme(head("X-Forwarded-Proto: HTTPS\r\n"), "https"), "values match exactly");
        assertEquals("https", forwarded.scheme(head("x-forwarded-ssl: on\r\nX-Forwarded-Protocol: ssl\r\n"), "http"));
        assertEquals("http", forwarded.scheme(head(""), "http"));
        HttpException e = assertThrows(HttpException.class,
                () -> forwarded.scheme(head("X-Forwarded-Proto: https\r\nX-Forwarded-Ssl: off\r\n"), "http"));
        assertEquals(400, e.status());
    }

    @Test
    void trust() {
        ForwardedHeaders forwarded = trusting("127.0.0.1");
        assertTrue(forwarded.trusts(IpLiteral.parse("127.0.0.1")));
        assertFalse(forwarded.trusts(IpLiteral.parse("127.0.0.2")));
        assertTrue(forwarded.trusts(null), "a unix-socket peer");
    }

    @Test
    void schemeHeaderSetting() {
        assertEquals(java.util.Map.of("X-SCHEME", "https", "FRONT-END-HTTPS", "on"),
                ForwardedHeaders.schemeHeaders("X-Scheme=https, Front-End-Https = on"));
        assertEquals(java.util.Map.of(), ForwardedHeaders.schemeHeaders(""));
        assertThrows(IllegalArgumentException.class, () -> ForwardedHeaders.schemeHeaders("X-Scheme"));
    }
}
