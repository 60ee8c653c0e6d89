package io.junicorn.servlet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The raw path to the mapped path: decoding, path parameters, dot segments, and what is refused. */
class RequestPathTest {
    @Test
    void decodesAndNormalises() throws Exception {
        assertEquals("/", RequestPath.decode(""));
        assertEquals("/a b/ü", RequestPath.decode("/a%20b/%C3%BC"));
        assertEquals("/a/c", RequestPath.decode("/a/./b/../c"));
        assertEquals("/shop/cart", RequestPath.decode("/shop;jsessionid=1/cart;x=y"));
        assertEquals("/a/", RequestPath.decode("/a/b/.."));
        // empty segments collapse, as Tomcat does: "//admin/x" is "/admin/x" for filters and servlets alike
        assertEquals("/admin/x/", RequestPath.decode("//admin//x//"));
        assertEquals("/b", RequestPath.decode("/a//../b"));
        assertEquals("/", RequestPath.decode("//"));
    }

    @Test
    void refusesHiddenSeparatorsAndClimbing() {
        assertThrows(RequestPath.BadPathException.class, () -> RequestPath.decode("/a%2Fb"));
        assertThrows(RequestPath.BadPathException.class, () -> RequestPath.decode("/a%5cb"));
        assertThrows(RequestPath.BadPathException.class, () -> RequestPath.decode("/a%00"));
        assertThrows(RequestPath.BadPathException.class, () -> RequestPath.decode("/../etc/passwd"));
        assertThrows(RequestPath.BadPathException.class, () -> RequestPath.decode("/a/%2e%2e/%2e%2e/x"));
        assertThrows(RequestPath.BadPathException.class, () -> RequestPath.decode("/a%zz"));
    }
}
