package io.junicorn.master.settings;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import io.junicorn.common.settings.SettingsException;
import io.junicorn.common.tls.ServerTls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the settings in force from their sources, as gunicorn layers them: defaults (some from PORT and
 * WEB_CONCURRENCY) &lt; the config file &lt; JUNICORN_CMD_ARGS &lt; the command line. Called at start and on
 * every HUP, so a HUP re-reads the file.
 */
public final class ConfigLoader {
    /** Read when no -c names a config file and it exists in the working directory. */
    static final String DEFAULT_FILE = "junicorn.toml";

    private ConfigLoader() {
    }

    /**
     * Reads every source, and the TLS files the settings name (read again by each worker as it boots, so a
     * bad certificate stops the start, --check-config or a HUP here instead of failing every worker); throws
     * SettingsException (exit 1) or UsageException (exit 2).
     */
    public static Config load(List<String> args, Map<String, String> environment) {
        return load(CommandLineArgs.parse(args, "command line"), environment);
    }

    /** As {@link #load(List, Map)}, from a command line the caller has parsed already. */
    public static Config load(CommandLineArgs commandLine, Map<String, String> environment) {
        // The launcher may have applied chdir already; the config file is found where junicorn was started,
        // as gunicorn reads it before its chdir.
        Config config = load(commandLine, environment,
                Path.of(System.getProperty("junicorn.start_dir", "")).toAbsolutePath());
        ServerTls.load(config);
        return config;
    }

    /** As {@link #load(List, Map)}, for a reload: a configuration that names no application is refused. */
    public static Config reload(List<String> args, Map<String, String> environment) {
        Config config = load(args, environment);
        if (config.app() == null) {
            throw new SettingsException("no application given: APP on the command line or app in the config file");
        }
        AppTarget.check(config);
        return config;
    }

    static Config load(List<String> args, Map<String, String> environment, Path workingDirectory) {
        return load(CommandLineArgs.parse(args, "command line"), environment, workingDirectory);
    }

    private static Config load(CommandLineArgs commandLine, Map<String, String> environment, Path workingDirectory) {
        String fromEnvironment = environment.get("JUNICORN_CMD_ARGS");
        CommandLineArgs environmentArgs = fromEnvironment == null || fromEnvironment.isBlank() ? null
                : CommandLineArgs.parse(ShellWords.split(fromEnvironment), "JUNICORN_CMD_ARGS");

        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, SettingsException> badDefaults = new LinkedHashMap<>();
        for (Setting setting : Registry.ALL) {
            try {
                values.put(setting.name(), checkedDefault(setting, environment));
            } catch (SettingsException e) {
                badDefaults.put(setting.name(), e);
            }
        }
        String file = configFile(commandLine, environmentArgs, workingDirectory);
        if (file != null) {
            values.putAll(ConfigFile.read(workingDirectory.resolve(file), file));
            values.put(Registry.CONFIG.name(), file);
        }
        String app = emptyToNull((String) values.get(Registry.APP.name()));
        if (environmentArgs != null) {
            values.putAll(environmentArgs.values());
            app = environmentArgs.app() != null ? environmentArgs.app() : app;
        }
        values.putAll(commandLine.values());
        app = commandLine.app() != null ? commandLine.app() : app;
        for (Map.Entry<String, SettingsException> bad : badDefaults.entrySet()) {
            if (!values.containsKey(bad.getKey())) {
                throw bad.getValue();
            }
        }
        return new Config(values, app);
    }

    /**
     * A default read from the environment (WEB_CONCURRENCY=many, PORT=http) gets the same checks as any value
     * (the others are known to be good, and some, like config's "none", would not pass); the caller fails
     * only when no later source replaces it, as in gunicorn.
     */
    private static Object checkedDefault(Setting setting, Map<String, String> environment) {
        try {
            Object value = setting.defaultValue(environment);
            if (!setting.environment().isEmpty()) {
                setting.check().accept(value);
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(setting.name() + " from " + String.join(", ", setting.environment()) + ": "
                    + e.getMessage());
        }
    }

    /** gunicorn's order: -c on the command line, else in JUNICORN_CMD_ARGS, else ./junicorn.toml if present. */
    private static String configFile(CommandLineArgs commandLine, CommandLineArgs environmentArgs,
                                     Path workingDirectory) {
        for (CommandLineArgs source : new CommandLineArgs[] {commandLine, environmentArgs}) {
            if (source != null && source.values().get(Registry.CONFIG.name()) instanceof String file) {
                return file;
            }
        }
        return Files.exists(workingDirectory.resolve(DEFAULT_FILE)) ? DEFAULT_FILE : null;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
