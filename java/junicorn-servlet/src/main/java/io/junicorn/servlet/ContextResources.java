package io.junicorn.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The context's resources: {@code /a/b} is the file a/b of the war's tree when a war is deployed, else (and for
 * what the war lacks) {@code META-INF/resources/a/b} in any jar or directory of the class path, the place Servlet 3
 * defined for resources packaged in jars. Without a war there is no web application directory, so nothing else (in
 * particular no class file) is a resource.
 */
final class ContextResources {
    private static final String ROOT = "META-INF/resources";
    private final ClassLoader loader;
    private final Path webRoot;

    /** @param webRoot the unpacked war's tree, or null */
    ContextResources(ClassLoader loader, Path webRoot) {
        this.loader = loader;
        this.webRoot = webRoot;
    }

    URL url(String path) throws MalformedURLException {
        if (path == null || !path.startsWith("/")) {
            throw new MalformedURLException("a resource path starts with /: " + path);
        }
        String name = normalise(path);
        if (name == null) {
            return null;
        }
        if (webRoot != null && Files.exists(webFile(name))) {
            return webFile(name).toUri().toURL();
        }
        return loader.getResource(ROOT + name);
    }

    InputStream stream(String path) {
        try {
            URL url = url(path);
            return url == null ? null : url.openStream();
        } catch (IOException e) {
            return null;
        }
    }

    /** A war's file, existing or not, as Tomcat answers for an unpacked war; else a resource in a directory. */
    String realPath(String path) {
        if (webRoot != null) {
            String name = normalise(path);
            return name == null ? null : webFile(name).toString();
        }
        try {
            URL url = url(path);
            if (url != null && url.getProtocol().equals("file")) {
                return Path.of(url.toURI()).toString();
            }
        } catch (MalformedURLException | URISyntaxException e) {
            return null;
        }
        return null;
    }

    /** The entries directly under {@code path} (which ends with /), directories with a trailing /. */
    Set<String> paths(String path) {
        String name = normalise(path);
        if (name == null) {
            return null;
        }
        String directory = name.endsWith("/") ? name : name + "/";
        Set<String> found = new TreeSet<>();
        try {
            if (webRoot != null && Files.isDirectory(webFile(directory))) {
                try (Stream<Path> children = Files.list(webFile(directory))) {
                    children.forEach(child -> found.add(directory + child.getFileName()
                            + (Files.isDirectory(child) ? "/" : "")));
                }
            }
            Enumeration<URL> roots = loader.getResources(ROOT + directory);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if (root.getProtocol().equals("file")) {
                    try (Stream<Path> children = Files.list(Path.of(root.toURI()))) {
                        children.forEach(child -> found.add(directory + child.getFileName()
                                + (Files.isDirectory(child) ? "/" : "")));
                    }
                } else if (root.openConnection() instanceof JarURLConnection jar) {
                    jar.setUseCaches(false);
                    try (JarFile file = jar.getJarFile()) {
                        String prefix = ROOT + directory;
                        for (JarEntry entry : Collections.list(file.entries())) {
                            String entryName = entry.getName();
                            if (entryName.startsWith(prefix) && entryName.length() > prefix.length()) {
                                String rest = entryName.substring(prefix.length());
                                int slash = rest.indexOf('/');
                                found.add(directory + (slash < 0 ? rest : rest.substring(0, slash + 1)));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            return null;
        }
        return found.isEmpty() ? null : found;
    }

    /** The war's file for a normalised path. */
    private Path webFile(String name) {
        return webRoot.resolve(name.substring(1));
    }

    /** "/a/./b" is "/a/b"; a path that climbs above the root is no resource. */
    private static String normalise(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        return RequestPath.normalise(path);
    }
}
