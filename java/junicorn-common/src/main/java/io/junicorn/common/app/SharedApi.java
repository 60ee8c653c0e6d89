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
 * {@link #PACKAGES}: junicorn's API and the Servlet API. Everything else junicorn loads (its engine, worker and
 * container, Logback, SLF4J, Jackson, JNA, picocli) is not found here, classes or resources, so an application
 * brings its own versions of those libraries and cannot reach junicorn's internals; Jetty's WebAppClassLoader
 * hides its "server classes" the same way, Tomcat by giving each web application a loader beside the server's.
 */
public final class SharedApi extends ClassLoader {
    /** Packages (with their subpackages) that resolve to junicorn's classes in every application. */
    static final List<String> PACKAGES = List.of("io.junicorn.app", "io.junicorn.hooks", "jakarta.servlet");

    private final ClassLoader server;
    /** Packages of JDK modules the system class loader defines (the tools: jdk.compiler, jdk.jshell...). */
    private final Set<String> systemModulePackages = new HashSet<>();

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
        if (isShared(name)) {
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
        return isSharedResource(name) ? server.getResource(name) : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isSharedResource(name) ? server.getResources(name) : getParent().getResources(name);
    }

    private static boolean isSharedResource(String name) {
        int slash = name.lastIndexOf('/');
        return slash > 0 && isSharedPackage(name.substring(0, slash).replace('/', '.'));
    }
}
