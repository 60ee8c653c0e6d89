package io.junicorn.worker.app;

import java.net.URLStreamHandler;
import java.net.spi.URLStreamHandlerProvider;

/**
 * The {@code nested:} URLs of a Spring Boot executable jar (BOOT-INF/lib/*.jar inside the jar APP names), answered by
 * Boot's own handler from the application's loader. Boot's launcher registers its handlers through
 * {@code java.protocol.handler.pkgs}, which the JDK resolves only with the system class loader: with
 * {@code java -jar} that loader holds Boot's launcher, in a worker it holds junicorn, so the JDK asks the
 * URLStreamHandlerProviders of the system class loader next, and this one (META-INF/services of junicorn-worker.jar)
 * hands the protocol to the application's copy of Boot's handler.
 */
public final class BootNestedJars extends URLStreamHandlerProvider {
    private static final String NESTED_HANDLER = "org.springframework.boot.loader.net.protocol.nested.Handler";
    private static volatile ClassLoader applicationLoader;

    /** The worker's application loader, where Boot's launcher and handlers are when APP is an executable jar. */
    public static void applicationLoader(ClassLoader loader) {
        applicationLoader = loader;
    }

    @Override
    public URLStreamHandler createURLStreamHandler(String protocol) {
        ClassLoader loader = applicationLoader;
        if (!"nested".equals(protocol) || loader == null) {
            return null;
        }
        try {
            return (URLStreamHandler) Class.forName(NESTED_HANDLER, true, loader).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            return null; // not a Boot executable jar: the JDK reports the unknown protocol as usual
        }
    }
}
