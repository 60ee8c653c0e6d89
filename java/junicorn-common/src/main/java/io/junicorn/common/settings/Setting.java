package io.junicorn.common.settings;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One entry of the settings registry: the name (also the config-file key), its command-line flags (none for
 * a setting only a config file sets), how its text parses, its default (which may depend on the environment,
 * as gunicorn's bind on PORT), a check of the parsed value, the help whose first sentence is the --help
 * line, and the environment variables its default reads (for the docs).
 */
public record Setting(
        String name,
        String section,
        List<String> flags,
        Kind kind,
        Function<Map<String, String>, Object> defaults,
        String defaultText,
        Consumer<Object> check,
        String help,
        List<String> environment) {

    /** A setting whose default reads no environment variable. */
    public Setting(String name, String section, List<String> flags, Kind kind,
                   Function<Map<String, String>, Object> defaults, String defaultText, Consumer<Object> check,
                   String help) {
        this(name, section, flags, kind, defaults, defaultText, check, help, List.of());
    }

    public Object defaultValue(Map<String, String> environment) {
        return defaults.apply(environment);
    }

    /** Parses and checks one textual value; the message names the setting and the value. */
    public Object parse(String text) {
        return parse(text, "");
    }

    /**
     * Parses and checks one textual value from a named source ("in junicorn.toml", "on the command line"),
     * so the message says where the bad value was: {@code workers = -2 in junicorn.toml: must be at least 1}.
     */
    public Object parse(String text, String where) {
        try {
            Object value = kind.parse(text);
            check.accept(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(name + " = " + text + (where.isEmpty() ? "" : " " + where) + ": "
                    + e.getMessage());
        }
    }

    public boolean hasFlags() {
        return !flags.isEmpty();
    }

    public String longFlag() {
        return flags.get(flags.size() - 1);
    }
}
