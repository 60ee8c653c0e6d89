package io.junicorn.worker.app;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.common.app.AppJar;
import io.junicorn.common.app.AppSpec;
import io.junicorn.common.app.WebArchive;
import io.junicorn.worker.jdkhttp.WorkerServers;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Turns APP into the handler a worker serves, by type, without the user saying what kind of app it is: the
 * class (or the value of CLASS::member, or the result of CLASS::factory(args)) is offered to the built-in
 * kinds (HttpHandler, Map of context path to HttpHandler, JAX-RS Application), then to the kinds ServiceLoader
 * finds (Servlet and the like), then, for a class that none took, to its static member {@code application}
 * (gunicorn's default name), and last to main mode. A war is offered as a {@link WebArchive} (junicorn-servlet's
 * kind deploys it). Every failure is one line saying what was looked for and what was found, because it ends up as
 * the master's halt reason.
 */
public final class AppResolver {
    private final List<AppKind> kinds;
    private final MainMode mainMode;
    private final URLClassLoader appLoader;

    /**
     * @param mainWaitMillis --boot-timeout: a main method must have started its HttpServer this long after the
     *                       worker's spawn; 0 or less: no limit
     * @param appLoader      the application's class loader, where APP and the libraries it is hosted with are
     */
    public AppResolver(long mainWaitMillis, URLClassLoader appLoader) throws AppLoadException {
        this.appLoader = appLoader;
        this.kinds = new ArrayList<>(List.of(new HandlerKind(), new ContextMapKind(), new JaxRsKind(appLoader)));
        try {
            // junicorn's own kinds, from junicorn's loader: an application cannot add kinds
            for (AppKind kind : ServiceLoader.load(AppKind.class, AppKind.class.getClassLoader())) {
                kinds.add(kind);
            }
        } catch (ServiceConfigurationError e) {
            throw new AppLoadException("an application kind on the class path cannot be loaded: " + e.getMessage(), e);
        }
        this.mainMode = new MainMode(mainWaitMillis);
    }

    /**
     * The application APP names, hosted; every failure, anticipated or not, is an AppLoadException.
     *
     * @param war the war APP names, unpacked (its WEB-INF/ already on the application's loader), else null
     */
    public ResolvedApp resolve(String text, WebArchive war) throws AppLoadException {
        try {
            if (war != null) {
                return host(war).orElseThrow(() -> new AppLoadException("cannot host " + war + ": looked for "
                        + String.join(", ", lookedFor(war)), null));
            }
            return resolveSpec(text);
        } catch (RuntimeException | LinkageError e) {
            throw new AppLoadException("cannot load " + text + ": " + e, e);
        }
    }

    private ResolvedApp resolveSpec(String text) throws AppLoadException {
        AppSpec spec;
        try {
            spec = AppSpec.parse(text);
        } catch (AppSpec.AppSpecException e) {
            throw new AppLoadException(e.getMessage(), null);
        }
        String className = spec.className();
        if (spec.isJar()) {
            try {
                className = AppJar.mainClass(Path.of(spec.jar()));
                AppJar.refuseBootEmbeddedServer(Path.of(spec.jar()));
            } catch (AppSpec.AppSpecException e) {
                throw new AppLoadException(e.getMessage(), null);
            }
        }
        Class<?> type = load(className);
        Object app = type;
        if (spec.member() != null) {
            app = spec.arguments() != null
                    ? Members.call(type, spec.member(), spec.arguments(), spec.toString())
                    : Members.value(type, spec.member(), spec.toString()).orElseThrow(() -> new AppLoadException(
                            spec + ": " + type.getName() + " has no public static field or no-arg method "
                                    + spec.member(), null));
        }
        Optional<ResolvedApp> resolved = host(app);
        if (resolved.isEmpty() && spec.member() == null) {
            Optional<Object> application = Members.value(type, "application", spec + "::application");
            if (application.isPresent()) {
                resolved = host(application.get());
            }
        }
        if (resolved.isEmpty() && app instanceof Class<?>) {
            resolved = mainMode.host(app).map(handler -> new ResolvedApp(handler, List.of()));
        }
        if (resolved.isEmpty()) {
            throw new AppLoadException("cannot host " + spec + ": looked for " + String.join(", ", lookedFor(app))
                    + "; found " + found(app), null);
        }
        return resolved.get();
    }

    private Optional<ResolvedApp> host(Object app) throws AppLoadException {
        for (AppKind kind : kinds) {
            Optional<HttpHandler> handler;
            try {
                handler = kind.host(app);
            } catch (AppLoadException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                throw new AppLoadException("cannot start " + found(app) + " as " + kind.takes() + ": " + e, e);
            }
            if (handler.isPresent()) {
                WorkerServers servers = WorkerServers.get();
                HttpHandler served = handler.get();
                HttpHandler dispatcher = served == servers.dispatcher() ? served : servers.serveAtRoot(served);
                return Optional.of(new ResolvedApp(dispatcher, servers.closeableHandlers()));
            }
        }
        return Optional.empty();
    }

    private List<String> lookedFor(Object app) {
        List<String> takes = new ArrayList<>();
        for (AppKind kind : kinds) {
            takes.add(kind.takes());
        }
        if (app instanceof Class<?>) {
            takes.add("a static member application");
            takes.add(mainMode.takes());
        }
        return takes;
    }

    private Class<?> load(String name) throws AppLoadException {
        try {
            return Class.forName(name, true, appLoader);
        } catch (ClassNotFoundException e) {
            throw new AppLoadException("no class " + name + " on the class path " + Arrays.stream(appLoader.getURLs())
                    .map(AppResolver::entry).collect(Collectors.joining(":")), null);
        } catch (ExceptionInInitializerError e) {
            throw new AppLoadException("initializing " + name + " threw " + e.getCause(), e.getCause());
        } catch (LinkageError e) {
            throw new AppLoadException("class " + name + " cannot be loaded: " + e, e);
        }
    }

    private static String entry(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return url.toString();
        }
    }

    /** The class (or the value's class), its superclass and interfaces. */
    static String found(Object app) {
        if (app instanceof WebArchive war) {
            return "the war " + war;
        }
        Class<?> type = app instanceof Class<?> c ? c : app.getClass();
        StringBuilder text = new StringBuilder(app instanceof Class<?> ? "" : "an instance of ");
        text.append(type.isInterface() ? "interface " : "class ").append(type.getName());
        if (type.getSuperclass() != null && type.getSuperclass() != Object.class) {
            text.append(" extends ").append(type.getSuperclass().getName());
        }
        Class<?>[] interfaces = type.getInterfaces();
        for (int i = 0; i < interfaces.length; i++) {
            text.append(i > 0 ? ", " : type.isInterface() ? " extends " : " implements ").append(interfaces[i].getName());
        }
        return text.toString();
    }
}
