package io.junicorn.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** gunicorn's --log-syslog-to forms that go out as datagrams, and a clear refusal of the others. */
class SyslogAddressTest {

    @Test
    void udpForms() {
        assertEquals(new SyslogAddress("localhost", 514, null), SyslogAddress.parse("udp://localhost:514"));
        assertEquals(new SyslogAddress("localhost", 514, null), SyslogAddress.parse("udp://"));
        assertEquals(new SyslogAddress("log.example", 514, null), SyslogAddress.parse("udp://LOG.example"));
        assertEquals(new SyslogAddress("::1", 5514, null), SyslogAddress.parse("udp://[::1]:5514"));
    }

    @Test
    void unixDatagramForms() {
        assertEquals(new SyslogAddress(null, 0, "/dev/log"), SyslogAddress.parse("unix:///dev/log"));
        assertEquals(new SyslogAddress(null, 0, "/dev/log"), SyslogAddress.parse("unix:///dev/log#dgram"));
    }

    @Test
    void refusals() {
        for (String bad : new String[] {"unix:///dev/log#stream", "unix://dev/log", "tcp://localhost:514",
                "udp://host:port", "udp://host:70000", "udp://[::1"}) {
            assertThrows(IllegalArgumentException.class, () -> SyslogAddress.parse(bad), bad);
        }
    }
}
