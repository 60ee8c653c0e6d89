package io.junicorn.common.app;

import io.junicorn.app.AsyncHandler;
import io.junicorn.app.NonBlockingHandler;
import io.junicorn.hooks.Master;
import io.junicorn.hooks.ServerHooks;
import io.junicorn.hooks.Settings;
import io.junicorn.hooks.Worker;
import io.junicorn.hooks.WorkerExit;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipException;

/**
 * The application's class loader: its class path (--class-path, and the jar APP names) over {@link SharedApi},
 * so it sees the JDK, junicorn's API and the Servlet API, and none of junicorn's implementation or libraries.
 * Parent first, as the JDK's loaders: a class of the shared packages is always junicorn's, even when the
 * application carries a copy. Workers load the application and its hooks with one; the master its hooks.
 */
public final class ApplicationLoader extends URLClassLoader {
    /** The API's types, to recognise an application that carries its own copy of the API. */
    private static final List<Class<?>> API = List.of(AsyncHandler.class, NonBlockingHandler.class,
            ServerHooks.class, Master.class, Worker.class, WorkerExit.class, Settings.class);
    private static final String SERVLET = "jakarta/servlet/Servlet.class";

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Unnamed, as Tomcat's: a named loader would prefix every application frame of a stack trace with its name. */
    private ApplicationLoader(URL[] urls, ClassLoader parent) {
        super(urls, parent);
    }

    /**
     * @param server junicorn's loader, which holds the API and the Servlet API
     * @throws BadEntryException naming the first entry that cannot be read, or is a file but not a jar: the JDK's
     *                           loaders skip such entries silently, which would leave the user looking for a class
     */
    public static ApplicationLoader open(List<Path> entries, ClassLoader server) throws BadEntryException {
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            Path entry = entries.get(i).toAbsolutePath();
            check(entry);
            try {
                // toUri ends an existing directory's URI with '/', which URLClassLoader needs to treat it as one.
                urls[i] = entry.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new BadEntryException(entry, "is not a usable path: " + e.getMessage());
            }
        }
        return new ApplicationLoader(urls, new SharedApi(server));
    }

    private static void check(Path entry) throws BadEntryException {
        if (!Files.exists(entry)) {
            throw new BadEntryException(entry, "cannot be read: no such file or directory");
        }
        if (!Files.isReadable(entry) || Files.isDirectory(entry) && !Files.isExecutable(entry)) {
            throw new BadEntryException(entry, "cannot be read: permission denied");
        }
        if (Files.isDirectory(entry)) {
            return;
        }
        if (!Files.isRegularFile(entry)) {
            throw new BadEntryException(entry, "is neither a jar nor a directory");
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            jar.getManifest();
        } catch (ZipException e) {
            throw new BadEntryException(entry, "is not a jar: " + e.getMessage());
        } catch (IOException e) {
            throw new BadEntryException(entry, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * Logs one line when the class path carries the Servlet API (a war's or a Boot app's leftover; ignored, as
     * Tomcat ignores it) or this very junicorn API (junicorn-spring-boot-starter's), and one warning when it carries
     * another copy of junicorn's API (ignored too: a second {@code ServerHooks} could never be junicorn's).
     */
    public void reportShadowedApis(Logger log) {
        URL servlet = findResource(SERVLET);
        if (servlet != null) {
            log.info("Ignoring the Servlet API in {}: applications get junicorn's", entryOf(servlet, SERVLET));
        }
        for (Class<?> type : API) {
            String resource = type.getName().replace('.', '/') + ".class";
            URL copy = findResource(resource);
            if (copy != null && sameBytes(copy, getParent().getResource(resource))) {
                // junicorn-spring-boot-starter brings the API along, for its standalone server: the same classes
                log.info("Ignoring junicorn's API in {}: applications get junicorn's", entryOf(copy, resource));
                return;
            }
            if (copy != null) {
                log.warn("The application's copy of junicorn's API in {} is ignored: {} and the rest of {} are "
                        + "junicorn's own", entryOf(copy, resource), type.getName(), String.join(", ", SharedApi.PACKAGES));
                return;
            }
        }
    }

    private static boolean sameBytes(URL copy, URL own) {
        if (own == null) {
            return false;
        }
        try (InputStream a = copy.openStream(); InputStream b = own.openStream()) {
            return Arrays.equals(a.readAllBytes(), b.readAllBytes());
        } catch (IOException e) {
            return false;
        }
    }

    /** The class path entry a resource URL of this loader comes from. */
    private static String entryOf(URL url, String resource) {
        String text = url.toString();
        String entry = text.substring(0, text.length() - resource.length());
        if (entry.startsWith("jar:") && entry.endsWith("!/")) {
            entry = entry.substring("jar:".length(), entry.length() - "!/".length());
        }
        try {
            return Path.of(URI.create(entry)).toString();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return entry;
        }
    }

    /** A class path entry that cannot be used; the message names it. */
    public static final class BadEntryException extends Exception {
        BadEntryException(Path entry, String problem) {
            super("class path entry " + entry + " " + problem);
        }
    }
}
