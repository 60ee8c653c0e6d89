package io.junicorn.common.settings;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The proxy settings refuse what the worker could not use, so the master stops instead of every worker. */
class ProxySettingsTest {

    @Test
    void addressLists() {
        for (String good : new String[] {"127.0.0.1,::1", "*", "10.0.0.0/8, 192.168.1.0/24", "fd00::/8", "", "0.0.0.0/0"}) {
            assertEquals(good, Registry.FORWARDED_ALLOW_IPS.parse(good), good);
            assertEquals(good, Registry.PROXY_ALLOW_IPS.parse(good), good);
        }
        for (String bad : new String[] {"localhost", "256.1.1.1", "10.0.0.0/33", "::/129", "1:::2", "10.0.0.0/8;1.2.3.4"}) {
            assertThrows(SettingsException.class, () -> Registry.FORWARDED_ALLOW_IPS.parse(bad), bad);
        }
        assertEquals("10.0.0.0/8", Registry.FORWARDED_ALLOW_IPS.defaultValue(Map.of("FORWARDED_ALLOW_IPS", "10.0.0.0/8")));
        assertEquals("127.0.0.1,::1", Registry.FORWARDED_ALLOW_IPS.defaultValue(Map.of()));
    }

    @Test
    void proxyProtocolModesAndSchemeHeaders() {
        assertEquals("auto", Registry.PROXY_PROTOCOL.parse("auto"));
        assertThrows(SettingsException.class, () -> Registry.PROXY_PROTOCOL.parse("v3"));
        assertEquals("X-Scheme=https", Registry.SECURE_SCHEME_HEADERS.parse("X-Scheme=https"));
        assertThrows(SettingsException.class, () -> Registry.SECURE_SCHEME_HEADERS.parse("X-Scheme"));
        assertThrows(SettingsException.class, () -> Registry.SECURE_SCHEME_HEADERS.parse("X Scheme=https"));
    }
}
