package io.junicorn.master.settings;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config files in each format, with native and textual values, and every kind of bad file. */
class ConfigFileReadTest {
    @TempDir
    Path directory;

    private Config load(String name, String contents) throws IOException {
        Files.writeString(directory.resolve(name), contents);
        return ConfigLoader.load(List.of("-c", name), Map.of(), directory);
    }

    private String failure(String name, String contents) throws IOException {
        Files.writeString(directory.resolve(name), contents);
        return assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("-c", name), Map.of(), directory)).getMessage();
    }

    private static void assertSample(Config config) {
        assertEquals(3, config.integer(Registry.WORKERS_COUNT));
        assertEquals(List.of("127.0.0.1:1", "[::1]:2"), config.list(Registry.BIND));
        assertEquals(1_500, config.millis(Registry.TIMEOUT));
        assertTrue(config.flag(Registry.REUSE_PORT));
        assertEquals("virtual", config.string(Registry.WORKER_CLASS));
        assertEquals("my.App", config.app());
    }

    @Test
    void toml() throws IOException {
        assertSample(load("a.toml", """
                workers = 3
                bind = ["127.0.0.1:1", "[::1]:2"]
                timeout = 1.5
                reuse_port = true
                worker_class = "virtual"
                app = "my.App"
                """));
    }

    @Test
    void yamlUnderBothExtensions() throws IOException {
        String yaml = """
                workers: 3
                bind:
                  - 127.0.0.1:1
                  - "[::1]:2"
                timeout: 1.5
                reuse_port: true
                worker_class: virtual
                app: my.App
                """;
        assertSample(load("a.yaml", yaml));
        assertSample(load("a.yml", yaml));
    }

    @Test
    void json() throws IOException {
        assertSample(load("a.json", """
                {"workers": 3, "bind": ["127.0.0.1:1", "[::1]:2"], "timeout": 1.5, "reuse_port": true,
                 "worker_class": "virtual", "app": "my.App"}
                """));
    }

    @Test
    void propertiesWithIndexedListEntries() throws IOException {
        assertSample(load("a.properties", """
                workers = 3
                bind.1 = 127.0.0.1:1
                bind.2 = [::1]:2
                timeout = 1.5
                reuse_port = true
                worker_class = virtual
                app = my.App
                """));
    }

    @Test
    void aListTakesASingleStringAndValuesMayBeText() throws IOException {
        Config config = load("b.toml", """
                bind = "127.0.0.1:5"
                workers = "4"
                reuse_port = "false"
                """);
        assertEquals(List.of("127.0.0.1:5"), config.list(Registry.BIND));
        assertEquals(4, config.integer(Registry.WORKERS_COUNT));
        assertFalse(config.flag(Registry.REUSE_PORT));
    }

    @Test
    void anEmptyFileChangesNothing() throws IOException {
        assertEquals(1, load("empty.yaml", "").integer(Registry.WORKERS_COUNT));
        assertEquals(1, load("empty.toml", "").integer(Registry.WORKERS_COUNT));
    }

    @Test
    void anUnknownKeySuggestsTheNearestSetting() throws IOException {
        assertEquals("unknown setting 'wrokers' in junicorn.toml; did you mean 'workers'?",
                failure("junicorn.toml", "wrokers = 2\n"));
        assertEquals("unknown setting 'max-requests' in c.yaml; did you mean 'max_requests'?",
                failure("c.yaml", "max-requests: 2\n"));
        assertEquals("unknown setting 'colour' in c.json; see junicorn --help or docs/settings.md",
                failure("c.json", "{\"colour\": \"blue\"}"));
    }

    @Test
    void aGunicornSettingJunicornLacksIsExplained() throws IOException {
        String message = failure("c.toml", "preload_app = true\n");
        assertTrue(message.startsWith("unknown setting 'preload_app' in c.toml: gunicorn's preload_app is not "
                + "junicorn's. A JVM cannot fork"), message);
    }

    @Test
    void badValuesNameTheSettingTheValueAndTheFile() throws IOException {
        assertEquals("workers = -2 in junicorn.toml: must be at least 1", failure("junicorn.toml", "workers = -2\n"));
        assertEquals("workers = 2.5 in c.yaml: expected a whole number, got '2.5'", failure("c.yaml", "workers: 2.5\n"));
        assertEquals("reuse_port = maybe in c.properties: expected true or false, got 'maybe'",
                failure("c.properties", "reuse_port = maybe\n"));
        assertTrue(failure("c.json", "{\"bind\": [\"127.0.0.1:1\", \"::1:80\"]}")
                .startsWith("bind = ::1:80 in c.json: write an IPv6 address in brackets"));
        assertEquals("workers in c.toml: expected a single value, got a list", failure("c.toml", "workers = [1, 2]\n"));
        assertEquals("bind in c.toml: expected a string or a list of strings, got a table",
                failure("c.toml", "[bind]\nhost = \"x\"\n"));
        assertEquals("workers in c.yaml: expected a single value, got no value", failure("c.yaml", "workers:\n"));
        assertEquals("config in c.toml: a config file cannot name another; use -c",
                failure("c.toml", "config = \"other.toml\"\n"));
    }

    @Test
    void aMissingUnparsableOrUnknownFileIsOneLine() throws IOException {
        assertEquals("config file nowhere.toml does not exist", assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("-c", "nowhere.toml"), Map.of(), directory)).getMessage());
        assertEquals("config file c.ini has no known extension: use .toml, .yaml, .yml, .json or .properties",
                failure("c.ini", "workers = 2\n"));
        for (String[] broken : new String[][] {{"d.toml", "workers = = 2\n"}, {"d.yaml", "workers: [1\n"},
                {"d.json", "{\"workers\": 2,,}"}, {"e.toml", "workers = 1\nworkers = 2\n"},
                {"e.json", "{\"workers\": 1, \"workers\": 2}"}}) {
            String message = failure(broken[0], broken[1]);
            assertTrue(message.startsWith("config file " + broken[0] + " does not parse: line "), message);
            assertFalse(message.contains("\n"), message);
        }
        assertTrue(failure("g.yaml", "workers: [1\n").endsWith("while parsing a flow sequence: expected ',' or ']', "
                + "but got <stream end>"));
        assertTrue(failure("f.yaml", "- workers\n").startsWith("config file f.yaml must hold name = value settings"));
        assertEquals("config = : expected a file name", assertThrows(SettingsException.class,
                () -> ConfigLoader.load(List.of("-c", ""), Map.of(), directory)).getMessage());
    }

    @Test
    void closestNameCountsASwapAsOneEdit() {
        assertEquals(1, ClosestName.distance("wrokers", "workers"));
        assertEquals(List.of(), ClosestName.of("zzzzzzzz", List.of("workers")).stream().toList());
    }
}
