package io.junicorn.master.settings;

import io.junicorn.common.settings.BindAddress;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Precedence (defaults < JUNICORN_CMD_ARGS < command line) and the messages of bad input. */
class ConfigTest {

    @Test
    void defaultsAreGunicorns() {
        Config config = ConfigLoader.load(List.of("app.Handler"), Map.of());
        assertEquals(List.of("127.0.0.1:8000"), config.list(Registry.BIND));
        assertEquals(1, config.integer(Registry.WORKERS_COUNT));
        assertEquals("sync", config.string(Registry.WORKER_CLASS));
        assertEquals(30_000, config.millis(Registry.TIMEOUT));
        assertEquals(2048, config.integer(Registry.BACKLOG));
        assertEquals("app.Handler", config.app());
        assertEquals("app.Handler", config.procName());
    }

    @Test
    void portAndWebConcurrencyFeedTheDefaults() {
        Config config = ConfigLoader.load(List.of("app.Handler"), Map.of("PORT", "9000", "WEB_CONCURRENCY", "3"));
        assertEquals(List.of("0.0.0.0:9000"), config.list(Registry.BIND));
        assertEquals(3, config.integer(Registry.WORKERS_COUNT));
    }

    @Test
    void commandLineBeatsEnvironmentWhichBeatsDefaults() {
        Map<String, String> environment = Map.of("JUNICORN_CMD_ARGS", "-w 3 --timeout 5 -b 127.0.0.1:1 other.App",
                "WEB_CONCURRENCY", "7");
        Config config = ConfigLoader.load(List.of("-w", "4", "app.Handler"), environment);
        assertEquals(4, config.integer(Registry.WORKERS_COUNT));
        assertEquals(5_000, config.millis(Registry.TIMEOUT));
        assertEquals(List.of("127.0.0.1:1"), config.list(Registry.BIND));
        assertEquals("app.Handler", config.app());
    }

    @Test
    void repeatedBindsAddUpAndReplaceTheDefault() {
        Config config = ConfigLoader.load(List.of("-b", "127.0.0.1:1", "--bind=[::1]:2", "-b", "unix:/run/x.sock", "A"), Map.of());
        assertEquals(List.of("127.0.0.1:1", "[::1]:2", "unix:/run/x.sock"), config.list(Registry.BIND));
        assertEquals(List.of(new BindAddress("127.0.0.1", 1, null), new BindAddress("::1", 2, null),
                new BindAddress(null, 0, "/run/x.sock")), config.binds());
    }

    @Test
    void badValuesNameTheSettingAndTheExpectedForm() {
        SettingsException workers = assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("-w", "0", "A"), Map.of()));
        assertEquals("workers = 0: must be at least 1", workers.getMessage());
        SettingsException timeout = assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("--timeout", "soon", "A"), Map.of()));
        assertTrue(timeout.getMessage().startsWith("timeout = soon: expected seconds"), timeout.getMessage());
        SettingsException bind = assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("-b", "::1:80", "A"), Map.of()));
        assertTrue(bind.getMessage().contains("brackets"), bind.getMessage());
        SettingsException workerClass = assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("-k", "gevent!", "A"), Map.of()));
        assertTrue(workerClass.getMessage().contains("expected sync, virtual"), workerClass.getMessage());
    }

    @Test
    void unknownFlagsAreUsageErrors() {
        CommandLineArgs.UsageException e = assertThrows(CommandLineArgs.UsageException.class,
                () -> ConfigLoader.load(List.of("--wokers", "2", "A"), Map.of()));
        assertTrue(e.getMessage().contains("--wokers"), e.getMessage());
        assertThrows(CommandLineArgs.UsageException.class,
                () -> ConfigLoader.load(List.of("A"), Map.of("JUNICORN_CMD_ARGS", "--nope")));
    }

    @Test
    void printConfigHasOneLinePerSetting() {
        Config config = ConfigLoader.load(List.of("--reuse-port", "A"), Map.of());
        List<String> lines = config.describe().lines().toList();
        assertEquals(Registry.ALL.size(), lines.size());
        assertTrue(lines.contains("reuse_port           = True"), lines.toString());
        assertTrue(lines.contains("workers              = 1"), lines.toString());
    }

    @Test
    void noApplicationIsNull() {
        assertNull(ConfigLoader.load(List.of(), Map.of()).app());
    }
}
