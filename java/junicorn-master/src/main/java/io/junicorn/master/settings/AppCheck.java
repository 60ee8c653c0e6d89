package io.junicorn.master.settings;

import io.junicorn.common.app.AppJar;
import io.junicorn.common.app.AppSpec;
import io.junicorn.common.app.ApplicationLoader;
import io.junicorn.common.app.WebArchive;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.SettingsException;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * --check-config's look for the application: is APP well formed, is its class on the class path a worker
 * would get, and does it have the member APP names (for a war: does it unpack, and declare an initializer)? Only
 * found, not initialized: running the application's static code belongs in a worker, not in a check; which kind of
 * application it is is the worker's to find.
 */
public final class AppCheck {
    private static final String SERVLET_INITIALIZERS = "META-INF/services/jakarta.servlet.ServletContainerInitializer";
    private static final List<String> WEBSOCKET_TYPES = List.of("Ljakarta/websocket/server/ServerEndpoint;",
            "jakarta/websocket/Endpoint", "jakarta/websocket/server/ServerApplicationConfig");

    private AppCheck() {
    }

    /** Throws SettingsException naming the class and where it was looked for. */
    public static void check(Config config) {
        if (config.app() == null) {
            throw new SettingsException("no application given: APP on the command line or app in the config file");
        }
        AppSpec spec = AppSpec.parse(config.app());
        if (spec.isWar()) {
            checkWar(config, Path.of(spec.jar()));
            return;
        }
        String className = AppTarget.className(config);
        if (spec.isJar()) {
            try {
                AppJar.refuseBootEmbeddedServer(Path.of(spec.jar()));
            } catch (AppSpec.AppSpecException e) {
                throw new SettingsException(e.getMessage());
            }
        }
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

    /**
     * A war unpacks as a worker unpacks it, and its WEB-INF/ declares a ServletContainerInitializer (a war's
     * application starts through one, Spring's for a SpringBootServletInitializer: junicorn reads no web.xml). The
     * master has no Servlet API, so the initializers are looked for, not loaded.
     */
    private static void checkWar(Config config, Path war) {
        WebArchive archive;
        try {
            archive = WebArchive.unpack(war);
        } catch (IOException e) {
            throw new SettingsException(e.getMessage());
        }
        List<Path> entries = new ArrayList<>(AppTarget.classPath(config));
        entries.addAll(archive.classPath());
        try (URLClassLoader loader = ApplicationLoader.open(entries, AppCheck.class.getClassLoader())) {
            if (!loader.getResources(SERVLET_INITIALIZERS).hasMoreElements() && !hasWebSocketEndpoints(archive)) {
                throw new SettingsException("APP " + archive + ": nothing in its WEB-INF/ declares a jakarta.servlet."
                        + "ServletContainerInitializer (" + SERVLET_INITIALIZERS + ") and WEB-INF/classes holds no "
                        + "WebSocket endpoint, which is how a war's application starts under junicorn: junicorn reads "
                        + "no web.xml");
            }
        } catch (ApplicationLoader.BadEntryException e) {
            throw new SettingsException(e.getMessage());
        } catch (IOException e) {
            throw new SettingsException("APP " + archive + ": cannot read its WEB-INF/: " + e);
        }
    }

    /**
     * Whether one of WEB-INF/classes' class files names a Jakarta WebSocket endpoint type (@ServerEndpoint, Endpoint,
     * ServerApplicationConfig): the container scans those and deploys them with no initializer of the application's.
     * A look at the class files' bytes, as the master has no WebSocket API to load them with.
     */
    private static boolean hasWebSocketEndpoints(WebArchive archive) throws IOException {
        for (String className : archive.classNames()) {
            byte[] bytes = Files.readAllBytes(archive.classes().resolve(className.replace('.', '/') + ".class"));
            String constants = new String(bytes, StandardCharsets.ISO_8859_1);
            if (WEBSOCKET_TYPES.stream().anyMatch(constants::contains)) {
                return true;
            }
        }
        return false;
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
