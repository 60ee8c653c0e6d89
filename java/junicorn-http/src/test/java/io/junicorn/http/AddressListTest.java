package io.junicorn.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Trust lists (forwarded_allow_ips, proxy_allow_ips) and the IP literals they and the wire are made of. */
class AddressListTest {
    private static boolean trusts(String list, String address) {
        return AddressList.parse(list).test(IpLiteral.parse(address));
    }

    @Test
    void addressesAndNetworks() {
        assertTrue(trusts("127.0.0.1,::1", "127.0.0.1"));
        assertTrue(trusts("127.0.0.1, ::1", "0:0:0:0:0:0:0:1"));
        assertFalse(trusts("127.0.0.1,::1", "127.0.0.2"));
        assertTrue(trusts("10.0.0.0/8", "10.255.1.2"));
        assertFalse(trusts("10.0.0.0/8", "11.0.0.1"));
        assertTrue(trusts("192.168.1.128/25", "192.168.1.200"));
        assertFalse(trusts("192.168.1.128/25", "192.168.1.127"));
        assertTrue(trusts("fd00::/8", "fdab::1"));
        assertFalse(trusts("fd00::/8", "fe80::1"));
        assertTrue(trusts("0.0.0.0/0", "8.8.8.8"));
        assertFalse(trusts("0.0.0.0/0", "::1"), "an IPv4 network holds no IPv6 address");
        assertTrue(trusts("*", "2001:db8::1"));
        assertFalse(trusts("", "127.0.0.1"));
    }

    @Test
    void refusesWhatIsNotAnAddressOrNetwork() {
        for (String bad : new String[] {"localhost", "10.0.0.0/33", "::/129", "1.2.3", "1.2.3.4/", "1.2.3.4/08",
                "256.0.0.1", "fe80::1%eth0"}) {
            assertThrows(IllegalArgumentException.class, () -> AddressList.parse(bad), bad);
        }
    }

    @Test
    void ipLiteralsAreParsedAsInetPtonWould() {
        assertEquals("1.2.3.4", IpLiteral.parse("1.2.3.4").getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", IpLiteral.parse("::1").getHostAddress());
        assertEquals("1.2.3.4", IpLiteral.parse("::ffff:0102:0304").getHostAddress(),
                "an IPv4-mapped address is its IPv4 address, as Java reports such a peer");
        for (String bad : new String[] {"", "1.2.3.4.", ".1.2.3.4", "01.2.3.4", "1.2.3.256", "1..2.3", "example.com",
                "1.2.3.4 ", " 1.2.3.4", "::1::", ":::", "1:2:3:4:5:6:7:8:9", "::01.2.3.4", "0x1.2.3.4", "unknown"}) {
            assertNull(IpLiteral.parse(bad), bad);
        }
    }
}
