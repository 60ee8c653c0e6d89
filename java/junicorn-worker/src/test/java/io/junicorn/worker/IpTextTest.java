package io.junicorn.worker;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Peer addresses written as Python writes them (RFC 5952). */
class IpTextTest {

    @Test
    void shortForms() throws UnknownHostException {
        assertEquals("127.0.0.1", IpText.of(InetAddress.getByName("127.0.0.1")));
        assertEquals("::1", IpText.of(InetAddress.getByName("0:0:0:0:0:0:0:1")));
        assertEquals("::", IpText.of(InetAddress.getByName("0:0:0:0:0:0:0:0")));
        assertEquals("2001:db8::1", IpText.of(InetAddress.getByName("2001:db8:0:0:0:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpText.of(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:0:0:1::1", IpText.of(InetAddress.getByName("2001:0:0:1:0:0:0:1")));
        assertEquals("fe80::1", IpText.of(InetAddress.getByName("fe80:0:0:0:0:0:0:1")));
        assertEquals("1::", IpText.of(InetAddress.getByName("1:0:0:0:0:0:0:0")));
    }
}
