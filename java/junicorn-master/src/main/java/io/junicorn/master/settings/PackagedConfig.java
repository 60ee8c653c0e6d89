package io.junicorn.master.settings;

import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * packaging/common/junicorn.toml, /etc/junicorn/junicorn.toml in the packages, generated from the registry as
 * docs/settings.md is (SettingsDoc writes both; SettingsDocTest fails when either is stale): every setting a
 * config file can set, commented out at its default under its --help line, except the package's own choices,
 * which are set and say why.
 */
final class PackagedConfig {
    /** A value the package sets on purpose (TOML), and why. */
    record Choice(String value, String reason) {
    }

    /** Notes for the operator of the service, beside a setting left at its default. */
    private static final Map<Setting, String> NOTES = Map.of(
            Registry.APP, "The service does not start until this names one, so the package neither enables nor "
                    + "starts it. The package's own example:\n"
                    + "  app = \"io.junicorn.examples.Hello\"\n"
                    + "  class_path = [\"/usr/lib/junicorn/examples/hello.jar\"]",
            Registry.BIND, "With junicorn.socket enabled, systemd binds ListenStream= (127.0.0.1:8000, the same "
                    + "default) and hands the sockets over; this setting is then ignored. PORT may come from "
                    + "/etc/junicorn/junicorn.env.",
            Registry.WORKERS_COUNT, "WEB_CONCURRENCY may come from /etc/junicorn/junicorn.env.",
            Registry.GRACEFUL_TIMEOUT, "Keep it below the unit's TimeoutStopSec (45 s), which must leave room for "
                    + "the workers' JVMs to exit after their last request.",
            Registry.BOOT_TIMEOUT, "Keep it below the unit's TimeoutStartSec (150 s).",
            Registry.JAVA_HOME, "Empty: the runtime bundled in /usr/lib/junicorn/runtime. Point it at a full JDK "
                    + "when the application needs modules the bundled one lacks.",
            Registry.ERRORLOG, "\"-\" is stderr, which systemd puts in the journal (journalctl -u junicorn).");

    /** What the package sets: what the service's unit provides for, not what an application would choose. */
    static final Map<Setting, Choice> CHOICES = Map.of(
            Registry.CONTROL_SOCKET, new Choice("\"/run/junicorn/control.sock\"",
                    "The unit's RuntimeDirectory= makes /run/junicorn for the junicorn user, so `junicorn ctl` "
                            + "works out of the box: sudo -u junicorn junicorn ctl --socket "
                            + "/run/junicorn/control.sock status. For junicorn@NAME use "
                            + "/run/junicorn/NAME/control.sock."));

    private static final int WIDTH = 100;

    private PackagedConfig() {
    }

    static String render() {
        StringBuilder file = new StringBuilder("""
                # junicorn's configuration for junicorn.service (`junicorn -c /etc/junicorn/junicorn.toml`).
                # Generated from junicorn's settings registry: every setting a config file can set is below
                # with the first sentence of its help, commented out at its default, except the package's
                # own choices, which are set and say why. Uncomment and change what you need, then
                #   systemctl enable --now junicorn   (first time)
                #   systemctl reload junicorn         (later: a new generation of workers, no request dropped)
                # One file per application with the template unit: /etc/junicorn/NAME.toml runs as
                # junicorn@NAME. Flags and environment variables: `junicorn --help`; each setting's whole
                # story: docs/settings.md in junicorn's sources. This file is checked without binding
                # anything by `junicorn --check-config -c /etc/junicorn/junicorn.toml`.
                """);
        Map<String, List<Setting>> sections = Registry.ALL.stream().filter(setting -> setting != Registry.CONFIG)
                .collect(Collectors.groupingBy(Setting::section, LinkedHashMap::new, Collectors.toList()));
        sections.forEach((section, settings) -> {
            file.append("\n# == ").append(section).append(" ==\n");
            settings.forEach(setting -> file.append(entry(setting)));
        });
        return file.toString();
    }

    private static String entry(Setting setting) {
        StringBuilder text = new StringBuilder("\n");
        text.append(comment(setting.name() + ": " + CommandLineArgs.firstSentence(setting.help())));
        if (!setting.environment().isEmpty()) {
            text.append(comment("Default: " + setting.defaultText() + "."));
        }
        if (NOTES.containsKey(setting)) {
            text.append(comment(NOTES.get(setting)));
        }
        Choice choice = CHOICES.get(setting);
        if (choice != null) {
            text.append(comment("Set by the package. " + choice.reason()));
            text.append(setting.name()).append(" = ").append(choice.value()).append('\n');
        } else {
            text.append("# ").append(setting.name()).append(" = ").append(toml(setting.defaultValue(Map.of())))
                    .append('\n');
        }
        return text.toString();
    }

    /** Comment lines wrapped at WIDTH columns; a line of its own in the text stays one, indented as written. */
    private static String comment(String text) {
        StringBuilder lines = new StringBuilder();
        for (String paragraph : text.split("\n")) {
            if (paragraph.startsWith(" ")) {
                lines.append("# ").append(paragraph).append('\n');
                continue;
            }
            StringBuilder line = new StringBuilder("#");
            for (String word : paragraph.split(" ")) {
                if (line.length() > 1 && line.length() + 1 + word.length() > WIDTH) {
                    lines.append(line).append('\n');
                    line = new StringBuilder("#");
                }
                line.append(' ').append(word);
            }
            lines.append(line).append('\n');
        }
        return lines.toString();
    }

    /** A default as TOML: strings quoted with TOML's escapes, lists as arrays, numbers and booleans bare. */
    static String toml(Object value) {
        if (value instanceof List<?> list) {
            List<String> entries = new ArrayList<>();
            list.forEach(entry -> entries.add(toml(entry)));
            return "[" + String.join(", ", entries) + "]";
        }
        if (value instanceof String string) {
            return "\"" + string.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (value instanceof Double seconds) {
            return java.math.BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }
}
