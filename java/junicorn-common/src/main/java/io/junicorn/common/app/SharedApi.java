package io.junicorn.common.app;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parent of an application's class loader: what an application sees of the JVM besides its own class path.
 * That is the JDK, and from junicorn's own loader the packages both sides must share as one set of classes,
 * {@link #PACKAGES}: junicorn's API, the Servlet API and the WebSocket API. Everything else junicorn loads (its engine, worker and
 * container, Logback, SLF4J, Jackson, JNA, picocli) is not found here, classes or resources, so an application
 * brings its own versions of those libraries and cannot reach junicorn's internals; Jetty's WebAppClassLoader
 * hides its "server classes" the same way, Tomcat by giving each web application a loader beside the server's.
 *
 * <p>An API may find its implementation with ServiceLoader through the context class loader, which in a worker is the
 * application's: the WebSocket API builds every ServerEndpointConfig with the container's default Configurator that
 * way. So junicorn's service files for the types of {@link #SERVICE_PACKAGES} are shared too, and so are the provider
 * classes they name.
 */
public final class SharedApi extends ClassLoader {
    /** Packages (with their subpackages) that resolve to junicorn's classes in every application. */
    static final List<String> PACKAGES = List.of("io.junicorn.app", "io.junicorn.hooks", "jakarta.servlet",
            "jakarta.websocket");
    /**
     * Packages whose service types the application finds junicorn's providers of. Not jakarta.servlet: the
     * application's own ServletContainerInitializers are looked up through its loader, and junicorn's must not join.
     */
    static final List<String> SERVICE_PACKAGES = List.of("jakarta.websocket");
    private static final String SERVICES = "META-INF/services/";

    private final ClassLoader server;
    /** Packages of JDK modules the system class loader defines (the tools: jdk.compiler, jdk.jshell...). */
    private final Set<String> systemModulePackages = new HashSet<>();
    /** The classes junicorn's shared service files name, recorded as the application reads those files. */
    private final Set<String> providers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param server junicorn's loader, which holds the API and the Servlet API. The parent is the platform loader,
     *               which ServiceLoader walks to find the JDK's own providers in platform modules.
     */
    public SharedApi(ClassLoader server) {
        super("junicorn-shared", ClassLoader.getPlatformClassLoader());
        this.server = server;
        ClassLoader system = ClassLoader.getSystemClassLoader();
        for (Module module : ModuleLayer.boot().modules()) {
            if (module.getClassLoader() == system) {
                systemModulePackages.addAll(module.getPackages());
            }
        }
    }

    /** Whether a class of this name is junicorn's in every application (never the application's own copy). */
    private static boolean isShared(String className) {
        int dot = className.lastIndexOf('.');
        return dot > 0 && isSharedPackage(className.substring(0, dot));
    }

    private static boolean isSharedPackage(String packageName) {
        for (String shared : PACKAGES) {
            if (packageName.equals(shared) || packageName.startsWith(shared + ".")) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name) || providers.contains(name)) {
            return server.loadClass(name);
        }
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException e) {
            int dot = name.lastIndexOf('.');
            if (dot > 0 && systemModulePackages.contains(name.substring(0, dot))) {
                return server.loadClass(name);
            }
            throw e;
        }
    }

    @Override
    public URL getResource(String name) {
        if (isSharedService(name)) {
            URL file = server.getResource(name);
            if (file != null) {
                recordProviders(file);
            }
            return file;
        }
        return isSharedResource(name) ? server.getResource(name) : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isSharedService(name)) {
            List<URL> files = java.util.Collections.list(server.getResources(name));
            files.forEach(this::recordProviders);
            return java.util.Collections.enumeration(files);
        }
        return isSharedResource(name) ? server.getResources(name) : getParent().getResources(name);
    }

    private static boolean isSharedResource(String name) {
        int slash = name.lastIndexOf('/');
        return slash > 0 && isSharedPackage(name.substring(0, slash).replace('/', '.'));
    }

    /** META-INF/services/TYPE for a TYPE of {@link #SERVICE_PACKAGES}. */
    private static boolean isSharedService(String name) {
        if (!name.startsWith(SERVICES)) {
            return false;
        }
        String type = name.substring(SERVICES.length());
        for (String shared : SERVICE_PACKAGES) {
            if (type.startsWith(shared + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The provider classes a service file names (its format: one class a line, # comments), as shared classes. */
    private void recordProviders(URL file) {
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(file.openStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int comment = line.indexOf('#');
                String provider = (comment >= 0 ? line.substring(0, comment) : line).trim();
                if (!provider.isEmpty()) {
                    providers.add(provider);
                }
            }
        } catch (IOException e) {
            // ServiceLoader reads the same file next and reports the failure to the application
        }
    }
}
