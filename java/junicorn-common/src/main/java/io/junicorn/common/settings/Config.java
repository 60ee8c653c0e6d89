package io.junicorn.common.settings;

import io.junicorn.hooks.Settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings in force, one value per registry entry, and the application. Immutable: the master's
 * ConfigLoader builds one from its sources at start and at every reload; a worker rebuilds the master's
 * from its environment ({@link #encode}, {@link #decode}).
 */
public final class Config implements Settings {
    private final Map<String, Object> values;
    private final String app;

    /** The application (null when none is given) is also the value of the app setting, for --print-config. */
    public Config(Map<String, Object> values, String app) {
        Map<String, Object> all = new LinkedHashMap<>(values);
        all.put(Registry.APP.name(), app == null ? "" : app);
        this.values = Collections.unmodifiableMap(all);
        this.app = app;
    }

    public Object get(Setting setting) {
        return values.get(setting.name());
    }

    @Override
    public Object get(String name) {
        return values.get(name);
    }

    public String app() {
        return app;
    }

    public int integer(Setting setting) {
        return (Integer) get(setting);
    }

    public long millis(Setting setting) {
        return Math.round((Double) get(setting) * 1000);
    }

    public String string(Setting setting) {
        return (String) get(setting);
    }

    public boolean flag(Setting setting) {
        return (Boolean) get(setting);
    }

    public List<String> list(Setting setting) {
        List<String> list = new ArrayList<>();
        for (Object entry : (List<?>) get(setting)) {
            list.add((String) entry);
        }
        return list;
    }

    public List<BindAddress> binds() {
        return list(Registry.BIND).stream().map(BindAddress::parse).toList();
    }

    /** The name in process titles and logs: proc_name, else the application. */
    public String procName() {
        String name = string(Registry.PROC_NAME);
        return name.isEmpty() ? app : name;
    }

    /**
     * The settings as text lines {@code name=value} (a list: one line per entry; backslash and newline
     * escaped), in registry order, for a worker's environment.
     */
    public String encode() {
        StringBuilder text = new StringBuilder();
        for (Setting setting : Registry.ALL) {
            Object value = get(setting);
            List<?> entries = value instanceof List<?> list ? list : List.of(value);
            for (Object entry : entries) {
                text.append(setting.name()).append('=').append(escape(setting.kind().format(entry))).append('\n');
            }
        }
        return text.toString();
    }

    /** The inverse of {@link #encode}: settings missing from the text keep their defaults. */
    public static Config decode(String text, String app) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Setting> byName = new LinkedHashMap<>();
        for (Setting setting : Registry.ALL) {
            values.put(setting.name(), setting.defaultValue(Map.of()));
            byName.put(setting.name(), setting);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            Setting setting = eq > 0 ? byName.get(line.substring(0, eq)) : null;
            if (setting == null) {
                continue;
            }
            // Only parsed, not checked again: the master checked what it sends, and some defaults (config's
            // empty "none") are not values an operator may write.
            Object value = setting.kind().parse(unescape(line.substring(eq + 1)));
            values.put(setting.name(), seen.add(setting.name()) ? value : setting.kind().combine(values.get(setting.name()), value));
        }
        return new Config(values, app);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String unescape(String text) {
        StringBuilder plain = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                plain.append(text.charAt(++i) == 'n' ? '\n' : text.charAt(i));
            } else {
                plain.append(c);
            }
        }
        return plain.toString();
    }

    /** gunicorn's --print-config: one {@code name = value} line per setting, in registry order. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (Setting setting : Registry.ALL) {
            Object value = get(setting);
            text.append(String.format("%-20s = %s%n", setting.name(), value instanceof Boolean b
                    ? (b ? "True" : "False") : value));
        }
        return text.toString();
    }
}
