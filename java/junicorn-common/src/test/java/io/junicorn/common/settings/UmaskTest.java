package io.junicorn.common.settings;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The umask setting: octal as gunicorn writes it, empty for the master's own. */
class UmaskTest {

    @Test
    void octalForms() {
        assertEquals(-1, Registry.umask(""));
        assertEquals(022, Registry.umask((String) Registry.UMASK.parse("022")));
        assertEquals(027, Registry.umask((String) Registry.UMASK.parse("0o027")));
        assertEquals(0, Registry.umask((String) Registry.UMASK.parse("0")));
    }

    @Test
    void refusesWhatIsNotAMask() {
        assertThrows(SettingsException.class, () -> Registry.UMASK.parse("18a"));
        assertThrows(SettingsException.class, () -> Registry.UMASK.parse("0o1777"));
        assertThrows(SettingsException.class, () -> Registry.UMASK.parse("-1"));
    }
}
