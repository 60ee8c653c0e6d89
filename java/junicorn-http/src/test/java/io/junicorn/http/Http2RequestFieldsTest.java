package io.junicorn.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An HTTP/2 request's fields as a RequestHead; RFC 9113 §8.2–8.3's malformed requests and HTTP/1.1's statuses. */
class Http2RequestFieldsTest {

    private static RequestHead request(String... nameValue) throws Http2Exception {
        Http2RequestFields fields = new Http2RequestFields(ParserOptions.DEFAULTS);
        fields.reset(false);
        for (int i = 0; i < nameValue.length; i += 2) {
            fields.field(nameValue[i], nameValue[i + 1]);
        }
        return fields.request(1);
    }

    private static final String[] GET = {":method", "GET", ":scheme", "https", ":path", "/a?b", ":authority", "example.com"};

    private static String[] get(String... more) {
        String[] all = java.util.Arrays.copyOf(GET, GET.length + more.length);
        System.arraycopy(more, 0, all, GET.length, more.length);
        return all;
    }

    @Test
    void aRequestAsHttp11WouldSeeIt() throws Http2Exception {
        RequestHead head = request(get("cookie", "a=1", "accept", "*/*", "cookie", "b=2", "content-length", "5",
                "expect", "100-continue"));
        assertEquals("GET", head.method());
        assertEquals("/a?b", head.target());
        assertEquals(HttpVersion.HTTP_2_0, head.version());
        assertEquals("a=1; b=2", head.field("Cookie"), "cookies joined (RFC 9113 §8.2.3)");
        assertEquals("example.com", head.field("Host"), ":authority as Host");
        assertEquals(5, head.contentLength());
        assertTrue(head.expectContinue());
        assertTrue(head.keepAlive());
    }

    private static void malformed(String why, String... nameValue) {
        Http2Exception e = assertThrows(Http2Exception.class, () -> request(nameValue), why);
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, e.code(), why);
        assertEquals(1, e.streamId(), why + ": a stream error");
    }

    @Test
    void malformedRequestsAreStreamErrors() {
        malformed("upper case name", get("Accept", "x"));
        malformed("connection-specific field", get("connection", "keep-alive"));
        malformed("transfer-encoding", get("transfer-encoding", "chunked"));
        malformed("TE other than trailers", get("te", "gzip"));
        malformed("CR in a value", get("x", "a\rb"));
        malformed("leading space", get("x", " a"));
        malformed("pseudo after regular", "accept", "x", ":method", "GET", ":scheme", "http", ":path", "/");
        malformed("unknown pseudo", get(":protocol", "websocket"));
        malformed("response pseudo", get(":status", "200"));
        malformed("repeated :path", get(":path", "/b"));
        malformed("no :path", ":method", "GET", ":scheme", "http");
        malformed("empty :path", ":method", "GET", ":scheme", "http", ":path", "");
        malformed("no :method", ":scheme", "http", ":path", "/");
        malformed("two content-length", get("content-length", "1", "content-length", "1"));
        malformed("content-length not a number", get("content-length", "+1"));
        malformed("host differs", get("host", "other.example"));
    }

    @Test
    void whatHttp11AnswersWithAStatus() {
        assertEquals(400, assertThrows(HttpException.class, () -> request(":method", "GET", ":scheme", "http",
                ":path", "/a#b")).status(), "a fragment");
        assertEquals(400, assertThrows(HttpException.class, () -> request(":method", "GET", ":scheme", "http",
                ":path", "a")).status(), "not origin form");
        assertEquals(417, assertThrows(HttpException.class, () -> request(get("expect", "x"))).status());
    }

    @Test
    void trailersHaveNoPseudoHeaders() {
        Http2RequestFields fields = new Http2RequestFields(ParserOptions.DEFAULTS);
        fields.reset(true);
        fields.field(":path", "/");
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, assertThrows(Http2Exception.class, () -> fields.checkTrailers(3)).code());
    }
}
