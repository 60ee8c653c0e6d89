package io.junicorn.master.settings;

import io.junicorn.common.settings.Kind;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes what the registry generates, as gunicorn's scripts/build_settings_doc.py writes its settings page, so
 * that none of it can drift from the code: docs/settings.md and the packaged config (PackagedConfig);
 * SettingsDocTest fails when a checked-in copy is stale. {@code scripts/generate-settings} runs it:
 * {@code SettingsDoc REPOSITORY}.
 */
public final class SettingsDoc {
    /** The files generated, relative to the repository's root. */
    static final String PAGE = "docs/settings.md";
    static final String PACKAGED_CONFIG = "packaging/common/junicorn.toml";
    /** What SettingsDocTest tells whoever finds a file stale. */
    static final String REGENERATE = "scripts/generate-settings";

    private SettingsDoc() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SettingsDoc REPOSITORY");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        Files.writeString(root.resolve(PAGE), render(), StandardCharsets.UTF_8);
        Files.writeString(root.resolve(PACKAGED_CONFIG), PackagedConfig.render(), StandardCharsets.UTF_8);
    }

    static String render() {
        StringBuilder page = new StringBuilder();
        page.append("""
                # Settings

                Generated file — edit the registry (java/junicorn-common/.../Registry.java) instead, then
                run `scripts/generate-settings`, which also writes the packaged `/etc/junicorn/junicorn.toml`
                (`packaging/common/junicorn.toml`).

                Every setting has one name, used as the key in a config file and printed by `--print-config`;
                most also have command-line flags, gunicorn's where gunicorn has the setting. Sources, later ones
                winning (gunicorn's order):

                1. the defaults (`PORT` and `WEB_CONCURRENCY` feed those of `bind` and `workers`);
                2. the config file: `-c FILE`, else `./junicorn.toml` when it exists. TOML, YAML (`.yaml`,
                   `.yml`), JSON or Java properties, by extension; keys are the names below. A list takes a
                   list or a single string;
                3. `JUNICORN_CMD_ARGS`, split as a shell would and parsed as the command line;
                4. the command line.

                HUP reads the whole chain again; a configuration that fails then is logged and the running one
                kept. A bad value or an unknown key stops the start with one line naming it, and exit status 1.

                ```toml
                # junicorn.toml
                app = "com.example.MyHandler"
                class_path = ["app.jar", "lib/"]
                bind = ["0.0.0.0:8080"]
                workers = 4
                worker_class = "virtual"
                timeout = 30
                ```

                Command-line actions: `--check-config` reads every source and looks for the application class on
                the class path, then exits 0 (silently) or 1 with the reason, binding and spawning nothing;
                `--print-config` prints one `name = value` line per setting and exits; `--help`, `--version`.
                """);
        Map<String, List<Setting>> sections = Registry.ALL.stream()
                .collect(Collectors.groupingBy(Setting::section, LinkedHashMap::new, Collectors.toList()));
        sections.forEach((section, settings) -> {
            page.append("\n## ").append(section).append('\n');
            settings.forEach(setting -> page.append(entry(setting)));
        });
        page.append("""

                ## gunicorn settings not (yet) here

                None of these is accepted as a setting (a config file naming one is told why), so none can
                silently do nothing.

                | gunicorn setting | why |
                |---|---|
                """);
        for (AbsentGunicornSettings.Entry entry : AbsentGunicornSettings.ALL) {
            page.append("| ").append(entry.names().stream().map(name -> "`" + name + "`")
                    .collect(Collectors.joining(", "))).append(" | ").append(entry.reason()).append(" |\n");
        }
        return page.toString();
    }

    private static String entry(Setting setting) {
        StringBuilder text = new StringBuilder("\n### `").append(setting.name()).append("`\n\n");
        if (setting.hasFlags()) {
            text.append("* flags: ").append(setting.flags().stream().map(flag -> "`" + flag
                    + (setting.kind() == Kind.FLAG ? "" : " " + setting.kind().metavar) + "`")
                    .collect(Collectors.joining(", "))).append(setting.kind() == Kind.LIST ? " (repeatable)" : "")
                    .append('\n');
        } else {
            text.append("* flags: none (config file only)\n");
        }
        if (!setting.environment().isEmpty()) {
            text.append("* environment: ").append(setting.environment().stream().map(name -> "`" + name + "`")
                    .collect(Collectors.joining(", "))).append('\n');
        }
        text.append("* type: ").append(typeName(setting.kind())).append('\n');
        text.append("* default: ").append(setting.defaultText()).append("\n\n");
        text.append(setting.help()).append('\n');
        return text.toString();
    }

    private static String typeName(Kind kind) {
        return switch (kind) {
            case INTEGER -> "integer";
            case SECONDS -> "seconds (a number, fractions allowed)";
            case STRING -> "string";
            case LIST -> "list of strings";
            case FLAG -> "boolean (the flag turns it on; a config file may say true or false)";
        };
    }
}
