package io.junicorn.master.arbiter;

import io.junicorn.common.hooks.GuardedHooks;
import io.junicorn.common.hooks.HooksClass;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the master's instance of the {@code hooks} class. The master's own class path holds only junicorn's
 * jars, so the class comes from the {@code --class-path} entries, through a class loader whose parent is
 * junicorn's: the hooks see junicorn's ServerHooks, the same interface they implement.
 */
public final class MasterHooks {
    private MasterHooks() {
    }

    /** @throws SettingsException naming the setting when the class cannot be loaded or instantiated */
    public static GuardedHooks load(Config config) {
        String name = config.string(Registry.HOOKS_CLASS);
        if (name.isEmpty()) {
            return new GuardedHooks(HooksClass.NONE);
        }
        List<String> entries = classPathEntries(config);
        URLClassLoader loader = new URLClassLoader("junicorn-hooks", urls(entries), MasterHooks.class.getClassLoader());
        try {
            return new GuardedHooks(HooksClass.instantiate(name, loader,
                    entries.isEmpty() ? "junicorn's class path (no --class-path given)"
                            : "--class-path " + String.join(":", entries)), loader);
        } catch (RuntimeException e) {
            closeQuietly(loader);
            throw e;
        }
    }

    private static List<String> classPathEntries(Config config) {
        List<String> entries = new ArrayList<>();
        for (java.nio.file.Path entry : io.junicorn.common.app.ClassPath.expand(config.list(Registry.CLASS_PATH))) {
            entries.add(entry.toString());
        }
        return entries;
    }

    private static URL[] urls(List<String> entries) {
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                // toUri ends an existing directory's URI with '/', which URLClassLoader needs to treat it as one.
                urls[i] = Path.of(entries.get(i)).toAbsolutePath().toUri().toURL();
            } catch (MalformedURLException | java.nio.file.InvalidPathException e) {
                throw new SettingsException("class_path = " + entries.get(i) + ": not a usable path: " + e.getMessage());
            }
        }
        return urls;
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (java.io.IOException e) {
            // nothing was loaded from it that anyone will use; the open jar files go with the loader
        }
    }
}
