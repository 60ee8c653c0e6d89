package io.junicorn.master.settings;

import io.junicorn.common.app.AppSpec;
import io.junicorn.common.app.ApplicationLoader;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.SettingsException;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * --check-config's look for the application: is APP well formed, is its class on the class path a worker
 * would get, and does it have the member APP names? Only found, not initialized: running the application's
 * static code belongs in a worker, not in a check; which kind of application it is is the worker's to find.
 */
public final class AppCheck {
    private AppCheck() {
    }

    /** Throws SettingsException naming the class and where it was looked for. */
    public static void check(Config config) {
        if (config.app() == null) {
            throw new SettingsException("no application given: APP on the command line or app in the config file");
        }
        String className = AppTarget.className(config);
        AppSpec spec = AppSpec.parse(config.app());
        List<Path> entries = AppTarget.classPath(config);
        Class<?> type;
        // the loader a worker gives the application (it sees junicorn's API; the Servlet API is the worker's only)
        try (URLClassLoader loader = ApplicationLoader.open(entries, AppCheck.class.getClassLoader())) {
            type = Class.forName(className, false, loader);
            if (spec.member() != null) {
                checkMember(type, spec);
            }
        } catch (ClassNotFoundException e) {
            throw new SettingsException("no class " + className + " on the class path "
                    + String.join(":", entries.stream().map(Path::toString).toList()));
        } catch (LinkageError e) {
            throw new SettingsException("class " + className + " cannot be loaded: " + e);
        } catch (ApplicationLoader.BadEntryException e) {
            throw new SettingsException(e.getMessage());
        } catch (IOException e) {
            throw new SettingsException("cannot close the class path of " + className + ": " + e);
        }
    }

    /** A public static field or method of that name, taking as many parameters as APP gives arguments. */
    private static void checkMember(Class<?> type, AppSpec spec) {
        int arity = spec.arguments() == null ? 0 : spec.arguments().size();
        if (spec.arguments() == null) {
            try {
                if (Modifier.isStatic(type.getField(spec.member()).getModifiers())) {
                    return;
                }
            } catch (NoSuchFieldException e) {
                // a method, perhaps
            }
        }
        for (Method method : type.getMethods()) {
            if (method.getName().equals(spec.member()) && Modifier.isStatic(method.getModifiers())
                    && method.getParameterCount() == arity) {
                return;
            }
        }
        throw new SettingsException("APP " + spec + ": " + type.getName() + " has no public static "
                + (spec.arguments() == null ? "field or no-arg method " + spec.member()
                : "method " + spec.member() + " taking " + arity + " argument" + (arity == 1 ? "" : "s")));
    }
}
