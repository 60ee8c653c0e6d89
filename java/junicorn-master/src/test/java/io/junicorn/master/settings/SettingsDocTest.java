package io.junicorn.master.settings;

import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/settings.md and the packaged junicorn.toml are what the registry generates, --help agrees with the registry
 * and docs/signals.md, and the registry and the "not here" list do not overlap.
 */
class SettingsDocTest {

    @Test
    void theCheckedInPageIsCurrent() throws IOException {
        assertCurrent(SettingsDoc.PAGE, SettingsDoc.render());
    }

    @Test
    void thePackagedConfigIsCurrent() throws IOException {
        assertCurrent(SettingsDoc.PACKAGED_CONFIG, PackagedConfig.render());
    }

    private static void assertCurrent(String file, String expected) throws IOException {
        Path path = repositoryRoot().resolve(file);
        String actual = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, file + " is stale: run " + SettingsDoc.REGENERATE);
    }

    /** As shipped, the file sets the package's choices and nothing else. */
    @Test
    void thePackagedConfigSetsOnlyThePackagesChoices(@TempDir Path directory) throws IOException {
        Map<String, Object> expected = new HashMap<>();
        PackagedConfig.CHOICES.forEach((setting, choice) -> expected.put(setting.name(),
                setting.parse(choice.value().replaceAll("^\"|\"$", ""))));
        assertEquals(expected, read(directory, PackagedConfig.render()));
    }

    /** Every setting a config file can set is there, and each commented-out line, uncommented, is its default. */
    @Test
    void everyCommentedOutLineIsTheDefault(@TempDir Path directory) throws IOException {
        String uncommented = PackagedConfig.render().lines()
                .map(line -> line.matches("# [a-z0-9_]+ = .*") ? line.substring(2) : line)
                .collect(Collectors.joining("\n"));
        Map<String, Object> values = read(directory, uncommented);
        for (Setting setting : Registry.ALL) {
            if (setting == Registry.CONFIG) {
                assertFalse(values.containsKey(setting.name()), "a config file cannot name another");
            } else if (PackagedConfig.CHOICES.containsKey(setting)) {
                assertTrue(values.containsKey(setting.name()), setting.name());
            } else {
                assertEquals(setting.defaultValue(Map.of()), values.get(setting.name()), setting.name());
            }
        }
    }

    private static Map<String, Object> read(Path directory, String text) throws IOException {
        Path file = directory.resolve("junicorn.toml");
        Files.writeString(file, text);
        return ConfigFile.read(file, "junicorn.toml");
    }

    @Test
    void everySettingIsDocumentedWithItsFullHelp() {
        String page = SettingsDoc.render();
        for (Setting setting : Registry.ALL) {
            assertTrue(page.contains("### `" + setting.name() + "`"), setting.name());
            assertTrue(page.contains(setting.help()), setting.name());
        }
    }

    @Test
    void noAbsentSettingIsAlsoARegisteredOne() {
        for (AbsentGunicornSettings.Entry entry : AbsentGunicornSettings.ALL) {
            for (String name : entry.names()) {
                assertTrue(Registry.named(name).isEmpty(), name + " is registered and also listed as absent");
            }
        }
    }

    /** The test runs in the module's directory (Maven) or elsewhere (an IDE): look upwards for docs/. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/design.md")) && Files.isDirectory(dir.resolve("java"))) {
                return dir;
            }
        }
        return fail("no docs/design.md above " + Path.of("").toAbsolutePath());
    }

    /** The APP argument's text is the registry's, not a description of an older junicorn. */
    @Test
    void helpDescribesAppAsTheRegistryDoes() {
        // picocli wraps where it likes, even before "(args)": compare without any white space
        String help = CommandLineArgs.usage().replaceAll("\\s+", "");
        assertTrue(help.contains(("[APP] The application: " + Registry.APP_FORMS).replaceAll("\\s+", "")),
                CommandLineArgs.usage());
    }

    /** Every signal docs/signals.md lists for the master is in --help, but CHLD, which is the kernel's to send. */
    @Test
    void helpNamesEverySignalOfTheSignalsPage() throws IOException {
        String page = Files.readString(repositoryRoot().resolve("docs/signals.md"), StandardCharsets.UTF_8);
        String toTheMaster = page.substring(page.indexOf("## To the master"), page.indexOf("## To a worker"));
        String footer = CommandLineArgs.usage().replaceAll("\\s+", " ");
        footer = footer.substring(footer.indexOf("Signals to the master"));
        Matcher row = Pattern.compile("(?m)^\\| (`[A-Z0-9]+`(?:, `[A-Z0-9]+`)*) \\|").matcher(toTheMaster);
        int signals = 0;
        while (row.find()) {
            for (String signal : row.group(1).replace("`", "").split(", ")) {
                signals++;
                assertTrue(signal.equals("CHLD") || Pattern.compile("\\b" + signal + "\\b").matcher(footer).find(),
                        signal + " is missing from --help: " + footer);
            }
        }
        assertTrue(signals >= 10, "the signals table of docs/signals.md was not found: " + signals);
    }

    @Test
    void helpGroupsTheOptionsBySection() {
        List<String> lines = CommandLineArgs.usage().lines().toList();
        int configFile = lines.indexOf("Config file:");
        int server = lines.indexOf("Server socket:");
        int workers = lines.indexOf("Worker processes:");
        int debugging = lines.indexOf("Debugging:");
        assertTrue(configFile >= 0 && configFile < server && server < workers && workers < debugging,
                String.join("\n", lines));
        assertTrue(lines.get(configFile + 1).contains("-c, --config"), lines.get(configFile + 1));
        assertTrue(lines.subList(server, workers).stream().anyMatch(line -> line.contains("-b, --bind")));
        assertTrue(lines.subList(debugging, lines.size()).stream().anyMatch(line -> line.contains("--check-config")));
    }
}
