package io.junicorn.master.settings;

import io.junicorn.common.app.AppJar;
import io.junicorn.common.app.AppSpec;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the application comes from, as the master hands it to workers: APP checked for form (a malformed APP
 * is refused at start, exit 1, instead of by every worker), a jar as APP replaced by its manifest's Main-Class
 * with the jar put on the class path, a war made absolute (each worker unpacks it and puts its WEB-INF/ on its class
 * path: {@link io.junicorn.common.app.WebArchive}), and --class-path's {@code dir/*} expanded.
 */
public final class AppTarget {
    private AppTarget() {
    }

    /**
     * Throws SettingsException when APP is malformed, names a jar without a Main-Class or a war that is not there,
     * or a {@code dir/*} of --class-path cannot be listed.
     */
    public static void check(Config config) {
        AppSpec spec = spec(config);
        if (spec.isWar()) {
            if (!Files.isRegularFile(jar(spec))) {
                throw new SettingsException("APP " + jar(spec) + ": no such war");
            }
        } else {
            className(config);
        }
        try {
            classPath(config);
        } catch (java.io.UncheckedIOException e) {
            throw new SettingsException("class_path: " + e.getMessage());
        }
    }

    /** The class APP names: its own, or the Main-Class of the jar it names; null for a war. */
    public static String className(Config config) {
        AppSpec spec = spec(config);
        if (spec.isWar()) {
            return null;
        }
        if (!spec.isJar()) {
            return spec.className();
        }
        try {
            return AppJar.mainClass(jar(spec));
        } catch (AppSpec.AppSpecException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    /**
     * The APP a worker resolves: the spec as given, a jar or war made absolute (a worker may run in another
     * directory; it reads the Main-Class or unpacks the war itself, so that one replaced between spawns is read as
     * it is now).
     */
    public static String workerApp(Config config) {
        AppSpec spec = spec(config);
        return spec.jar() != null ? jar(spec).toString() : config.app();
    }

    /** --class-path expanded, then the jar APP names, if it does (a war's WEB-INF/ is the worker's to add). */
    public static List<Path> classPath(Config config) {
        List<Path> entries = new ArrayList<>(io.junicorn.common.app.ClassPath.expand(config.list(Registry.CLASS_PATH)));
        if (config.app() != null) {
            AppSpec spec = spec(config);
            if (spec.isJar()) {
                entries.add(jar(spec));
            }
        }
        return entries;
    }

    private static AppSpec spec(Config config) {
        try {
            return AppSpec.parse(config.app());
        } catch (AppSpec.AppSpecException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    private static Path jar(AppSpec spec) {
        return Path.of(spec.jar()).toAbsolutePath();
    }
}
