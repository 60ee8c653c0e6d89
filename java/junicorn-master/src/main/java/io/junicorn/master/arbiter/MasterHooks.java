package io.junicorn.master.arbiter;

import io.junicorn.common.app.ApplicationLoader;
import io.junicorn.common.app.ClassPath;
import io.junicorn.common.hooks.GuardedHooks;
import io.junicorn.common.hooks.HooksClass;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads the master's instance of the {@code hooks} class. The master's own class path holds only junicorn's
 * jars, so the class comes from the {@code --class-path} entries, through the same kind of loader as in a worker
 * (ApplicationLoader): the hooks see junicorn's ServerHooks, the same interface they implement, and nothing
 * else of junicorn's.
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
        List<Path> entries = ClassPath.expand(config.list(Registry.CLASS_PATH));
        ApplicationLoader loader;
        try {
            loader = ApplicationLoader.open(entries, MasterHooks.class.getClassLoader());
        } catch (ApplicationLoader.BadEntryException e) {
            throw new SettingsException("hooks = " + name + ": " + e.getMessage());
        }
        try {
            return new GuardedHooks(HooksClass.instantiate(name, loader,
                    entries.isEmpty() ? "junicorn's class path (no --class-path given)"
                            : "--class-path " + entries.stream().map(Path::toString).collect(Collectors.joining(":"))),
                    loader);
        } catch (RuntimeException e) {
            closeQuietly(loader);
            throw e;
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (java.io.IOException e) {
            // nothing was loaded from it that anyone will use; the open jar files go with the loader
        }
    }
}
