package io.junicorn.common.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.junicorn.app.AsyncHandler;
import io.junicorn.hooks.ServerHooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The application's class loader over SharedApi, with this test's class path standing for junicorn's. */
class ApplicationLoaderTest {
    private static final ClassLoader SERVER = ApplicationLoaderTest.class.getClassLoader();

    @Test
    void seesTheJdkAndTheApiButNotTheServersClassesOrResources() throws Exception {
        try (ApplicationLoader loader = ApplicationLoader.open(List.of(), SERVER)) {
            for (String hidden : List.of("org.slf4j.LoggerFactory", "ch.qos.logback.classic.Logger",
                    "io.junicorn.common.settings.Config", ApplicationLoaderTest.class.getName())) {
                assertThrows(ClassNotFoundException.class, () -> loader.loadClass(hidden), hidden);
            }
            assertSame(ServerHooks.class, loader.loadClass(ServerHooks.class.getName()));
            assertSame(AsyncHandler.class, loader.loadClass(AsyncHandler.class.getName()));
            assertSame(java.sql.Connection.class, loader.loadClass("java.sql.Connection"));
            assertSame(com.sun.net.httpserver.HttpServer.class, loader.loadClass("com.sun.net.httpserver.HttpServer"));

            String service = "META-INF/services/ch.qos.logback.classic.spi.Configurator";
            assertNotNull(SERVER.getResource(service), "junicorn registers ErrorLog with Logback");
            assertNull(loader.getResource(service));
            assertNull(loader.getResource("logback.xml"));
            assertNotNull(loader.getResource("io/junicorn/hooks/ServerHooks.class"));
            assertNotNull(loader.getResource("java/lang/Object.class"));
        }
    }

    /** Stands for junicorn's implementation of a WebSocket API service (the container's default Configurator). */
    public static class WebSocketProvider {
    }

    @Test
    void junicornsProvidersOfWebSocketServicesAreFoundThroughTheApplicationsLoader(@TempDir Path directory)
            throws Exception {
        String service = "META-INF/services/jakarta.websocket.server.ServerEndpointConfig$Configurator";
        Path file = directory.resolve(service);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# the container's default\n" + WebSocketProvider.class.getName() + "\n");
        Path servletService = directory.resolve("META-INF/services/jakarta.servlet.ServletContainerInitializer");
        Files.writeString(servletService, ApplicationLoaderTest.class.getName() + "\n");
        try (java.net.URLClassLoader server = new java.net.URLClassLoader(new java.net.URL[] {directory.toUri().toURL()},
                SERVER); ApplicationLoader loader = ApplicationLoader.open(List.of(), server)) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass(WebSocketProvider.class.getName()),
                    "a provider is shared once its service file is read, as ServiceLoader does first");
            assertEquals(List.of(file.toUri().toURL()), java.util.Collections.list(loader.getResources(service)));
            assertSame(WebSocketProvider.class, loader.loadClass(WebSocketProvider.class.getName()));
            assertNull(loader.getResource("META-INF/services/jakarta.servlet.ServletContainerInitializer"),
                    "junicorn's ServletContainerInitializers are not the application's");
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass(ApplicationLoaderTest.class.getName()));
        }
    }

    @Test
    void anApplicationBringsItsOwnCopiesOfJunicornsLibraries(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("logback.xml"), "<configuration/>");
        try (ApplicationLoader loader = ApplicationLoader.open(List.of(directory, jarOf(LoggerFactory.class)),
                SERVER)) {
            Class<?> own = loader.loadClass("org.slf4j.LoggerFactory");
            assertSame(loader, own.getClassLoader());
            assertEquals(directory.resolve("logback.xml").toUri().toURL(), loader.getResource("logback.xml"));
        }
    }

    @Test
    void copiesOfTheSharedApisAreIgnoredAndReported(@TempDir Path directory) throws Exception {
        // another version of the API: a warning
        Path other = apiCopy(directory.resolve("other.jar"), new byte[] {0});
        assertEquals("The application's copy of junicorn's API in " + other + " is ignored: "
                + AsyncHandler.class.getName() + " and the rest of io.junicorn.app, io.junicorn.hooks, jakarta.servlet, "
                + "jakarta.websocket "
                + "are junicorn's own", shadowedReport(other));
        // this very API, as junicorn-spring-boot-starter brings it: one line, no warning
        Path same = apiCopy(directory.resolve("same.jar"), new byte[0]);
        assertEquals("Ignoring junicorn's API in " + same + ": applications get junicorn's", shadowedReport(same));
    }

    /** A jar with the API's AsyncHandler and ServerHooks classes, each followed by {@code extra}. */
    private static Path apiCopy(Path path, byte[] extra) throws Exception {
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(path))) {
            for (String resource : List.of("io/junicorn/app/AsyncHandler.class", "io/junicorn/hooks/ServerHooks.class")) {
                jar.putNextEntry(new JarEntry(resource));
                try (InputStream in = SERVER.getResourceAsStream(resource)) {
                    in.transferTo(jar);
                }
                jar.write(extra);
            }
        }
        return path;
    }

    /** The one line reportShadowedApis logs for a class path of {@code jar}. */
    private static String shadowedReport(Path jar) throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("test.shadowed." + jar.getFileName());
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try (ApplicationLoader loader = ApplicationLoader.open(List.of(jar), SERVER)) {
            assertSame(AsyncHandler.class, loader.loadClass(AsyncHandler.class.getName()));
            loader.reportShadowedApis(log);
        }
        assertEquals(1, lines.list.size(), lines.list.toString());
        return lines.list.getFirst().getFormattedMessage();
    }

    @Test
    void anEntryThatCannotBeUsedIsNamed(@TempDir Path directory) throws Exception {
        Path missing = directory.resolve("missing.jar");
        assertEquals("class path entry " + missing + " cannot be read: no such file or directory",
                assertThrows(ApplicationLoader.BadEntryException.class,
                        () -> ApplicationLoader.open(List.of(missing), SERVER)).getMessage());
        Path text = Files.writeString(directory.resolve("notes.jar"), "not a zip file");
        String message = assertThrows(ApplicationLoader.BadEntryException.class,
                () -> ApplicationLoader.open(List.of(directory, text), SERVER)).getMessage();
        assertEquals("class path entry " + text + " is not a jar: ", message.substring(0, message.indexOf(": ") + 2));
    }

    private static Path jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
