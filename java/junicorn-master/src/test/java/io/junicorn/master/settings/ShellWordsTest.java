package io.junicorn.master.settings;

import io.junicorn.common.settings.SettingsException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** JUNICORN_CMD_ARGS splits like a shell line, without expansion. */
class ShellWordsTest {

    @Test
    void quotesAndEscapes() {
        assertEquals(List.of("-w", "2", "--jvm-opt", "-Dx=a b", "it's", "$HOME"),
                ShellWords.split("  -w 2\t--jvm-opt \"-Dx=a b\" it\\'s '$HOME' "));
        assertEquals(List.of(), ShellWords.split("   "));
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThrows(SettingsException.class, () -> ShellWords.split("--name 'open"));
    }
}
