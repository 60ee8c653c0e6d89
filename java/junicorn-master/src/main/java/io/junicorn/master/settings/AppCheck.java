package io.junicorn.master.settings;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * --check-config's look for the application: is its class on the class path a worker would get? Only
 * found, not initialized: running the application's static code belongs in a worker, not in a check.
 */
public final class AppCheck {
    private AppCheck() {
    }

    /**
     * Throws SettingsException naming the class and where it was looked for. {@code workerJar} is put on
     * the path as a worker has it (the bundled example apps live there); null when there is none.
     */
    public static void check(Config config, Path workerJar) {
        if (config.app() == null) {
            throw new SettingsException("no application given: APP on the command line or app in the config file");
        }
        List<Path> entries = new ArrayList<>();
        if (workerJar != null) {
            entries.add(workerJar);
        }
        for (String entry : config.list(Registry.CLASS_PATH)) {
            for (String part : entry.split(":")) {
                if (!part.isEmpty()) {
                    entries.add(Path.of(part).toAbsolutePath());
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls(entries), ClassLoader.getPlatformClassLoader())) {
            Class.forName(config.app(), false, loader);
        } catch (ClassNotFoundException e) {
            throw new SettingsException("no class " + config.app() + " on the class path "
                    + String.join(":", entries.stream().map(Path::toString).toList()));
        } catch (LinkageError e) {
            throw new SettingsException("class " + config.app() + " cannot be loaded: " + e);
        } catch (IOException e) {
            throw new SettingsException("cannot close the class path of " + config.app() + ": " + e);
        }
    }

    private static URL[] urls(List<Path> entries) {
        List<URL> urls = new ArrayList<>();
        for (Path entry : entries) {
            if (!Files.exists(entry)) {
                throw new SettingsException("class_path entry " + entry + " does not exist");
            }
            try {
                urls.add(entry.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new SettingsException("class_path entry " + entry + " is not a usable path: " + e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
