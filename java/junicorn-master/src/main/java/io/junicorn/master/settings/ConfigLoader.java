package io.junicorn.master.settings;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the settings in force from their sources, as gunicorn layers them: defaults (some from PORT and
 * WEB_CONCURRENCY) &lt; JUNICORN_CMD_ARGS &lt; the command line. Called at start and on every HUP.
 */
public final class ConfigLoader {
    private ConfigLoader() {
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
}
