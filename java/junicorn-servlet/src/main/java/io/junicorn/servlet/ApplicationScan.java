package io.junicorn.servlet;

import java.nio.file.Path;
import java.util.List;

/** Where an extension that scans (for annotated endpoints, say) finds the application's own classes. */
public interface ApplicationScan {
    /** The application's class loader, the one its classes are loaded with. */
    ClassLoader loader();

    /**
     * The application's own class path entries, jars and directories, never junicorn's nor the libraries a war or a
     * Boot jar bundles: APP's jar or directory and --class-path; a war's WEB-INF/classes (not WEB-INF/lib); an
     * executable Spring Boot jar's BOOT-INF/classes (not BOOT-INF/lib) as a path inside the jar (a zip file system:
     * walk it as a directory). Outside a worker, where junicorn shares the JVM's class path with
     * the application, the class path without junicorn's and the Servlet API's jars. Computed once, on first use.
     */
    List<Path> roots();
}
