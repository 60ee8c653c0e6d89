package io.junicorn.common.settings;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** gunicorn's bind forms. */
class BindAddressTest {

    @Test
    void forms() {
        assertEquals(new BindAddress("127.0.0.1", 8000, null), BindAddress.parse("127.0.0.1:8000"));
        assertEquals(new BindAddress("localhost", 8000, null), BindAddress.parse("localhost"));
        assertEquals(new BindAddress("0.0.0.0", 80, null), BindAddress.parse(":80"));
        assertEquals(new BindAddress("::", 0, null), BindAddress.parse("[::]:0"));
        assertEquals(new BindAddress("::1", 8000, null), BindAddress.parse("[::1]"));
        assertEquals(new BindAddress(null, 0, "/tmp/a b.sock"), BindAddress.parse("unix:/tmp/a b.sock"));
        assertEquals("http://[::1]:81", BindAddress.parse("[::1]:0").url(81));
        assertEquals("unix:/x", BindAddress.parse("unix:/x").url(0));
        assertEquals(new BindAddress(null, 0, null, 5), BindAddress.parse("fd://5"));
        assertEquals("fd://5", BindAddress.parse("fd://5").url(0));
    }

    @Test
    void refusals() {
        for (String bad : new String[] {"unix:", "[::1", "[::1]x", "host:65536", "host:-1", "host:http", "a b:80", "::1", "fd://", "fd://2", "fd://x"}) {
            assertThrows(IllegalArgumentException.class, () -> BindAddress.parse(bad), bad);
        }
    }
}
