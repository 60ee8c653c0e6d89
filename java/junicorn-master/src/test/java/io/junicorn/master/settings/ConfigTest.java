package io.junicorn.master.settings;

import io.junicorn.common.settings.BindAddress;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Precedence (defaults < config file < JUNICORN_CMD_ARGS < command line) and the messages of bad input. */
class ConfigTest {
    @TempDir
    Path directory;

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
        assertTrue(timeout.getMessage().startsWith("timeout = soon: expected seconds"),
                timeout.getMessage());
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
    void jvmOptionsThatLookLikeFlagsAreValues() {
        Config config = ConfigLoader.load(List.of("--jvm-opt=-Dkey=value", "--jvm-opt", "-Dother=1", "A"), Map.of());
        assertEquals(List.of("-Dkey=value", "-Dother=1"), config.list(Registry.JVM_OPT));
        assertEquals(false, config.flag(Registry.DAEMON));
    }

    @Test
    void noApplicationIsNull() {
        assertNull(ConfigLoader.load(List.of(), Map.of()).app());
    }

    @Test
    void eachSourceBeatsTheOneBefore() throws IOException {
        Files.writeString(directory.resolve("site.toml"), """
                workers = 2
                timeout = 10
                backlog = 100
                max_requests = 7
                app = "file.App"
                """);
        Map<String, String> environment = Map.of("WEB_CONCURRENCY", "9", "PORT", "9000",
                "JUNICORN_CMD_ARGS", "--timeout 20 --backlog 200");
        Config config = ConfigLoader.load(List.of("-c", "site.toml", "--backlog", "300"), environment, directory);
        assertEquals(List.of("0.0.0.0:9000"), config.list(Registry.BIND), "default from PORT");
        assertEquals(2, config.integer(Registry.WORKERS_COUNT), "file over WEB_CONCURRENCY");
        assertEquals(7, config.integer(Registry.MAX_REQUESTS), "file over the default");
        assertEquals(20_000, config.millis(Registry.TIMEOUT), "JUNICORN_CMD_ARGS over the file");
        assertEquals(300, config.integer(Registry.BACKLOG), "command line over JUNICORN_CMD_ARGS");
        assertEquals("file.App", config.app(), "app from the file when no APP is given");
        assertEquals("site.toml", config.string(Registry.CONFIG));
    }

    @Test
    void theApplicationArgumentBeatsTheFilesApp() throws IOException {
        Files.writeString(directory.resolve("junicorn.toml"), "app = \"file.App\"\n");
        assertEquals("cli.App", ConfigLoader.load(List.of("cli.App"), Map.of(), directory).app());
        assertEquals("env.App", ConfigLoader.load(List.of(), Map.of("JUNICORN_CMD_ARGS", "env.App"), directory).app());
        assertTrue(ConfigLoader.load(List.of(), Map.of(), directory).describe().lines()
                .anyMatch(line -> line.equals("app                  = file.App")));
    }

    @Test
    void junicornTomlInTheWorkingDirectoryIsReadWithoutDashC() throws IOException {
        assertEquals(1, ConfigLoader.load(List.of("A"), Map.of(), directory).integer(Registry.WORKERS_COUNT));
        assertEquals("", ConfigLoader.load(List.of("A"), Map.of(), directory).string(Registry.CONFIG));
        Files.writeString(directory.resolve("junicorn.toml"), "workers = 5\n");
        Config config = ConfigLoader.load(List.of("A"), Map.of(), directory);
        assertEquals(5, config.integer(Registry.WORKERS_COUNT));
        assertEquals("junicorn.toml", config.string(Registry.CONFIG));
    }

    @Test
    void dashCReplacesJunicornTomlAndMayComeFromTheEnvironment() throws IOException {
        Files.writeString(directory.resolve("junicorn.toml"), "workers = 5\n");
        Files.writeString(directory.resolve("other.yaml"), "workers: 6\n");
        Files.writeString(directory.resolve("third.json"), "{\"workers\": 7}");
        assertEquals(6, ConfigLoader.load(List.of("-c", "other.yaml", "A"), Map.of(), directory)
                .integer(Registry.WORKERS_COUNT));
        Map<String, String> environment = Map.of("JUNICORN_CMD_ARGS", "--config third.json");
        assertEquals(7, ConfigLoader.load(List.of("A"), environment, directory).integer(Registry.WORKERS_COUNT));
        assertEquals(6, ConfigLoader.load(List.of("-c", "other.yaml", "A"), environment, directory)
                .integer(Registry.WORKERS_COUNT), "-c on the command line wins");
    }

    @Test
    void aListFromALaterSourceReplacesTheWholeList() throws IOException {
        Files.writeString(directory.resolve("junicorn.toml"), "bind = [\"127.0.0.1:1\", \"127.0.0.1:2\"]\n");
        assertEquals(List.of("127.0.0.1:1", "127.0.0.1:2"),
                ConfigLoader.load(List.of("A"), Map.of(), directory).list(Registry.BIND));
        assertEquals(List.of("127.0.0.1:3"),
                ConfigLoader.load(List.of("-b", "127.0.0.1:3", "A"), Map.of(), directory).list(Registry.BIND));
    }

    @Test
    void badValuesInJunicornCmdArgsNameTheirSource() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("A"), Map.of("JUNICORN_CMD_ARGS", "-w -2")));
        assertEquals("workers = -2 in JUNICORN_CMD_ARGS: must be at least 1", e.getMessage());
        SettingsException quote = assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("A"), Map.of("JUNICORN_CMD_ARGS", "-n 'open")));
        assertTrue(quote.getMessage().contains("unterminated"), quote.getMessage());
    }

    @Test
    void aBadWebConcurrencyNamesTheVariable() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("A"), Map.of("WEB_CONCURRENCY", "many")));
        assertEquals("workers from WEB_CONCURRENCY: expected a whole number, got 'many'", e.getMessage());
        SettingsException port = assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("A"), Map.of("PORT", "http")));
        assertTrue(port.getMessage().startsWith("bind from PORT: 'http'"), port.getMessage());
        assertEquals(2, ConfigLoader.load(List.of("-w", "2", "A"), Map.of("WEB_CONCURRENCY", "many"))
                .integer(Registry.WORKERS_COUNT), "a bad default that a later source replaces does no harm");
    }

    @Test
    void aReloadWithoutAnApplicationIsRefused() {
        SettingsException e = assertThrows(SettingsException.class, () -> ConfigLoader.reload(List.of(), Map.of()));
        assertTrue(e.getMessage().startsWith("no application given"), e.getMessage());
    }
}
