package io.junicorn.master.settings;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineArgsTest {
    private static CommandLineArgs parse(String... args) {
        return CommandLineArgs.parse(List.of(args), "command line");
    }

    private static String usageError(String... args) {
        return assertThrows(CommandLineArgs.UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void everyFormOfAValueReadsTheSame() {
        for (List<String> form : List.of(List.of("-w", "3"), List.of("-w3"), List.of("-w=3"),
                List.of("--workers", "3"), List.of("--workers=3"))) {
            CommandLineArgs parsed = CommandLineArgs.parse(form, "command line");
            assertEquals(3, parsed.values().get("workers"), form.toString());
        }
    }

    @Test
    void shortFlagsCluster() {
        CommandLineArgs parsed = parse("-Dw2", "app:App");
        assertEquals(Boolean.TRUE, parsed.values().get("daemon"));
        assertEquals(2, parsed.values().get("workers"));
        assertEquals("app:App", parsed.app());
    }

    @Test
    void valuesMayLookLikeOptions() {
        CommandLineArgs parsed = parse("--jvm-opt", "-Dkey=value", "--jvm-opt=-Xss1m", "A");
        assertEquals(List.of("-Dkey=value", "-Xss1m"), parsed.values().get("jvm_opt"));
        assertFalse(parsed.values().containsKey("daemon"));
        assertEquals("A", parsed.app());
    }

    @Test
    void theLastValueOfASettingWins() {
        assertEquals(4, parse("-w", "2", "--workers", "4").values().get("workers"));
    }

    @Test
    void doubleDashEndsTheOptions() {
        assertEquals("--odd-app-name", parse("-w", "1", "--", "--odd-app-name").app());
        assertNull(parse("-w", "1").app());
    }

    @Test
    void actionsAreRecognised() {
        assertTrue(parse("-h").help());
        assertTrue(parse("--help").help());
        assertTrue(parse("-V").version());
        assertTrue(parse("--version").version());
        assertTrue(parse("--print-config", "A").printConfig());
        assertTrue(parse("--check-config", "A").checkConfig());
        assertFalse(parse("A").checkConfig());
    }

    @Test
    void mistakesAreUsageErrorsThatSayWhat() {
        assertEquals("command line: Unknown option: '--wokers'; did you mean '--workers'?", usageError("--wokers", "2"));
        assertEquals("command line: Unknown option: '--no-such-flag'", usageError("--no-such-flag"));
        assertEquals("command line: Unknown option: '-Z'", usageError("-Z"));
        assertTrue(usageError("-w").contains("missing value for option '--workers'"), usageError("-w"));
        assertTrue(usageError("--daemon=yes").contains("'--daemon' takes no value"));
        assertTrue(usageError("A", "B").contains("unmatched argument 'B'"), usageError("A", "B"));
        assertTrue(assertThrows(CommandLineArgs.UsageException.class,
                () -> CommandLineArgs.parse(List.of("--nope"), "JUNICORN_CMD_ARGS")).getMessage()
                .startsWith("JUNICORN_CMD_ARGS: "));
    }

    @Test
    void badValuesAreSettingsErrorsNamingTheSource() {
        String message = assertThrows(io.junicorn.common.settings.SettingsException.class,
                () -> CommandLineArgs.parse(List.of("-w", "-2"), "JUNICORN_CMD_ARGS")).getMessage();
        assertEquals("workers = -2 in JUNICORN_CMD_ARGS: must be at least 1", message);
    }

    @Test
    void everyRegistryFlagIsAccepted() {
        for (io.junicorn.common.settings.Setting setting : io.junicorn.common.settings.Registry.ALL) {
            for (String flag : setting.flags()) {
                if (setting.kind() == io.junicorn.common.settings.Kind.FLAG) {
                    assertEquals(Boolean.TRUE, parse(flag).values().get(setting.name()), flag);
                } else {
                    // known, so the complaint is about the value it lacks, under the setting's long flag
                    assertTrue(usageError(flag).contains("missing value for option '" + setting.longFlag() + "'"),
                            flag);
                }
            }
        }
    }

    @Test
    void helpStillListsEveryFlag() {
        String usage = CommandLineArgs.usage();
        for (io.junicorn.common.settings.Setting setting : io.junicorn.common.settings.Registry.ALL) {
            for (String flag : setting.flags()) {
                assertTrue(usage.contains(flag), flag);
            }
        }
    }
}
