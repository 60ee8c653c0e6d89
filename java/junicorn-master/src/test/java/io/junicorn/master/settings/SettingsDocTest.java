package io.junicorn.master.settings;

import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** docs/settings.md is what the registry generates, and the registry and the "not here" list do not overlap. */
class SettingsDocTest {

    @Test
    void theCheckedInPageIsCurrent() throws IOException {
        Path page = repositoryRoot().resolve("docs/settings.md");
        String expected = SettingsDoc.render();
        String actual = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, page + " is stale: after scripts/build, run java -cp "
                + "dist/lib/junicorn-master.jar io.junicorn.master.settings.SettingsDoc docs/settings.md");
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
