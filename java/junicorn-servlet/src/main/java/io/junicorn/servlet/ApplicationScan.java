package io.junicorn.servlet;

import java.nio.file.Path;
import java.util.List;

/** Where an extension that scans (for annotated endpoints, say) finds the application's own classes. */
public interface ApplicationScan {
    /** The application's class loader, the one its classes are loaded with. */
    ClassLoader loader();

    /**
     * The application's own class path entries, jars and directories, never junicorn's: APP's jar or directory and
     * --class-path; a war's WEB-INF/classes and WEB-INF/lib jars; an executable Spring Boot jar's BOOT-INF/classes
     * and BOOT-INF/lib jars as paths inside the jar (a zip file system: walk a directory, open a nested jar with
     * {@code FileSystems.newFileSystem(path)}). Outside a worker, where junicorn shares the JVM's class path with
     * the application, the class path without junicorn's and the Servlet API's jars. Computed once, on first use.
     */
    List<Path> roots();
}
