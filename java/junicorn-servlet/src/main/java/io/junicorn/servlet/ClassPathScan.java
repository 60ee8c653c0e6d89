package io.junicorn.servlet;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ApplicationScan} of a deployment: the entries of the application's loaders, from the outermost below
 * junicorn's to the application's own, without the libraries a war or a Boot jar bundles. In a worker they are the
 * {@code ApplicationLoader} (APP, --class-path, a war's WEB-INF/classes) and, for an executable Spring Boot jar,
 * Boot's launcher loader under it (its BOOT-INF/classes), whose
 * {@code jar:nested:} (Boot 3.2 and later) or {@code jar:file:...!/} (earlier) URLs become paths inside the jar, read
 * through a zip file system; the outer jar itself is then left out, since its top level holds Boot's launcher only.
 * Where the application's loader is junicorn's own (the starter's standalone server, tests), the JVM's class path
 * without the jars junicorn's and the Servlet API's classes come from. The zip file systems stay open until
 * {@link #close}, at undeploy.
 */
final class ClassPathScan implements ApplicationScan, AutoCloseable {
    private final ClassLoader loader;
    private final Map<Path, FileSystem> jars = new HashMap<>();
    private List<Path> roots;

    ClassPathScan(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public ClassLoader loader() {
        return loader;
    }

    @Override
    public synchronized List<Path> roots() {
        if (roots == null) {
            roots = List.copyOf(find());
        }
        return roots;
    }

    private Set<Path> find() {
        ClassLoader junicorn = ClassPathScan.class.getClassLoader();
        List<ClassLoader> chain = new ArrayList<>();
        for (ClassLoader l = loader; l != null && l != junicorn; l = l.getParent()) {
            chain.addFirst(l);
        }
        Set<Path> found = new LinkedHashSet<>();
        if (chain.isEmpty() || loader == junicorn) {
            found.addAll(sharedClassPath());
        }
        Set<Path> outerJars = new LinkedHashSet<>();
        for (ClassLoader l : chain) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    entry(url, outerJars).ifPresent(found::add);
                }
            }
        }
        found.removeAll(outerJars);
        found.removeIf(ClassPathScan::isBundledLibrary);
        return found;
    }

    /**
     * A jar a war (WEB-INF/lib) or an executable Boot jar (BOOT-INF/lib) bundles: left out, as ContainerInitializers
     * leaves them out of @HandlesTypes. Reading every class of Spring's and its dependencies' jars (nested ones
     * inflated from the Boot jar) cost a Boot worker about a second of each boot, for endpoints that live in the
     * application's own classes.
     */
    private static boolean isBundledLibrary(Path entry) {
        Path parent = entry.getParent();
        if (parent == null) {
            return false;
        }
        String directory = parent.toString();
        return directory.endsWith("WEB-INF/lib") || directory.endsWith("WEB-INF/lib-provided")
                || directory.endsWith("BOOT-INF/lib");
    }

    /** A URL of a loader as a path: a file or directory, or an entry inside a jar (Boot's nested jars). */
    private Optional<Path> entry(URL url, Set<Path> outerJars) {
        try {
            if (url.getProtocol().equals("file")) {
                return Optional.of(Path.of(url.toURI()));
            }
            if (!url.getProtocol().equals("jar")) {
                return Optional.empty();
            }
            String inner = url.toString().substring("jar:".length());
            if (inner.endsWith("!/")) {
                inner = inner.substring(0, inner.length() - 2);
            }
            String jar;
            String nested;
            if (inner.startsWith("nested:")) { // Boot 3.2+: nested:/path/app.jar/!BOOT-INF/lib/x.jar
                int separator = inner.indexOf("/!");
                if (separator < 0) {
                    return Optional.empty();
                }
                jar = URLDecoder.decode(inner.substring("nested:".length(), separator), StandardCharsets.UTF_8);
                nested = inner.substring(separator + 2);
            } else if (inner.startsWith("file:") && inner.contains("!/")) { // Boot before 3.2: file:/app.jar!/BOOT-INF/...
                int separator = inner.indexOf("!/");
                jar = Path.of(java.net.URI.create(inner.substring(0, separator))).toString();
                nested = inner.substring(separator + 2);
            } else {
                return Optional.empty();
            }
            Path outer = Path.of(jar);
            outerJars.add(outer);
            return Optional.of(zip(outer).getPath("/" + nested));
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            AppServletContext.log.debug("class path entry {} is not scanned: {}", url, e.toString());
            return Optional.empty();
        }
    }

    private FileSystem zip(Path jar) throws IOException {
        FileSystem fs = jars.get(jar);
        if (fs == null) {
            fs = FileSystems.newFileSystem(jar);
            jars.put(jar, fs);
        }
        return fs;
    }

    /** java.class.path less the jars or directories junicorn's own classes and the Servlet API come from. */
    private static List<Path> sharedClassPath() {
        Set<Path> server = new LinkedHashSet<>();
        for (Class<?> own : List.of(ClassPathScan.class, io.junicorn.engine.UpgradedConnection.class,
                io.junicorn.app.ServletServer.class, jakarta.servlet.Servlet.class)) {
            codeSource(own).ifPresent(server::add);
        }
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (!server.contains(path) && Files.exists(path)) {
                entries.add(path);
            }
        }
        return entries;
    }

    private static Optional<Path> codeSource(Class<?> type) {
        try {
            var source = type.getProtectionDomain().getCodeSource();
            // a class the JVM loaded from an AOT cache at its start (java -XX:AOTCache, Spring Boot's documented
            // way) has a CodeSource without a location
            return source == null || source.getLocation() == null ? Optional.empty()
                    : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        for (FileSystem fs : jars.values()) {
            try {
                fs.close();
            } catch (IOException e) {
                AppServletContext.log.debug("closing the scan of {} failed: {}", fs, e.toString());
            }
        }
        jars.clear();
    }
}
