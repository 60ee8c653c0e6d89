package io.junicorn.engine;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** getRequestURI for targets the codec accepts and java.net.URI alone would refuse. */
class RequestUriTest {

    @Test
    void plainTargetsAreUnchanged() {
        assertEquals("/a/b?c=d#e", RequestUri.of("GET", "/a/b?c=d#e").toString());
        assertEquals("http://[::1]:8080/foo", RequestUri.of("GET", "http://[::1]:8080/foo").toString());
        assertEquals("*", RequestUri.of("OPTIONS", "*").toString());
    }

    @Test
    void rawUtf8PathDecodesLikeItsEscapedSpelling() {
        URI uri = RequestUri.of("GET", "/\u00c3\u00a0%20k"); // the bytes C3 A0 ('à' in UTF-8), as gunicorn's valid/027
        assertEquals("/%C3%A0%20k", uri.getRawPath());
        assertEquals("/\u00e0 k", uri.getPath());
    }

    @Test
    void bytesUriRefusesAreEscaped() {
        URI uri = RequestUri.of("GET", "/with_\"quotes\"?foo=\"bar\"|{x}%");
        assertEquals("/with_\"quotes\"", uri.getPath());
        assertEquals("foo=\"bar\"|{x}%", uri.getQuery());
    }

    @Test
    void connectTargetIsAnAuthority() {
        URI uri = RequestUri.of("CONNECT", "[::1]:443");
        assertEquals("[::1]:443", uri.getAuthority());
        assertEquals("[::1]", uri.getHost());
        assertEquals(443, uri.getPort());
    }
}
