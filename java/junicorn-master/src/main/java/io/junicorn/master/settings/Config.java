package io.junicorn.master.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings in force: defaults (some from PORT and WEB_CONCURRENCY) &lt; JUNICORN_CMD_ARGS &lt; the command
 * line, as gunicorn layers them. Immutable; a reload builds a new one from the same sources.
 */
public final class Config {
    private final Map<String, Object> values;
    private final String app;

    Config(Map<String, Object> values, String app) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.app = app;
    }

    /** Reads every source; throws SettingsException (exit 1) or UsageException (exit 2). */
    public static Config load(List<String> args, Map<String, String> environment) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting setting : Registry.ALL) {
            values.put(setting.name(), setting.defaultValue(environment));
        }
        String app = null;
        String fromEnvironment = environment.get("JUNICORN_CMD_ARGS");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            CommandLineArgs parsed = CommandLineArgs.parse(ShellWords.split(fromEnvironment), "JUNICORN_CMD_ARGS");
            values.putAll(parsed.values());
            app = parsed.app();
        }
        CommandLineArgs parsed = CommandLineArgs.parse(args, "command line");
        values.putAll(parsed.values());
        if (parsed.app() != null) {
            app = parsed.app();
        }
        return new Config(values, app);
    }

    public Object get(Setting setting) {
        return values.get(setting.name());
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
