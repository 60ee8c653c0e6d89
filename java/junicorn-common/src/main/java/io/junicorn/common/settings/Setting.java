package io.junicorn.common.settings;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One entry of the settings registry: the name (also the config-file key), its command-line flags, how its
 * text parses, its default (which may depend on the environment, as gunicorn's bind on PORT), a check of
 * the parsed value, and the help whose first sentence is the --help line.
 */
public record Setting(
        String name,
        String section,
        List<String> flags,
        Kind kind,
        Function<Map<String, String>, Object> defaults,
        String defaultText,
        Consumer<Object> check,
        String help) {

    public Object defaultValue(Map<String, String> environment) {
        return defaults.apply(environment);
    }

    /** Parses and checks one textual value; the message names the setting and the value. */
    public Object parse(String text) {
        try {
            Object value = kind.parse(text);
            check.accept(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(name + " = " + text + ": " + e.getMessage());
        }
    }

    public String longFlag() {
        return flags.get(flags.size() - 1);
    }
}
