package io.junicorn.e2e;

import io.junicorn.e2e.apps.LoaderProbe;
import io.junicorn.e2e.apps.OwnLogging;
import io.junicorn.e2e.apps.ServletShowcase;
import io.junicorn.e2e.hooks.IsolatedHooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an application sees of junicorn in a worker: the JDK, junicorn-api and the Servlet API, nothing else. */
class IsolationTest {

    @Test
    void theApplicationSeesOnlyTheApiOfJunicorn() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-k", "virtual", "-b", "127.0.0.1:0",
                "--class-path", AppSpecTest.testClasses(), LoaderProbe.class.getName()))) {
            int port = server.port();
            for (String hidden : List.of("io.junicorn.engine.Http1Connection", "io.junicorn.worker.WorkerMain",
                    "io.junicorn.common.settings.Config", "ch.qos.logback.classic.Logger", "org.slf4j.LoggerFactory")) {
                assertEquals("ClassNotFoundException", Client.get(port, "/class?" + hidden).body(), hidden);
            }
            assertEquals("server app", Client.get(port, "/class?io.junicorn.app.AsyncHandler").body());
            assertEquals("server app", Client.get(port, "/class?io.junicorn.hooks.ServerHooks").body());
            assertEquals("server app", Client.get(port, "/class?jakarta.servlet.http.HttpServlet").body());
            assertEquals("jdk", Client.get(port, "/class?java.sql.Connection").body());
            assertEquals("jdk", Client.get(port, "/class?com.sun.net.httpserver.HttpServer").body());
            // junicorn's own registrations (its HttpServerProvider, its application kinds) are not the app's
            assertEquals("none", Client.get(port,
                    "/resource?META-INF/services/com.sun.net.httpserver.spi.HttpServerProvider").body());
            assertEquals("none", Client.get(port, "/resource?META-INF/services/io.junicorn.worker.app.AppKind").body());
            assertTrue(Client.get(port, "/resource?io/junicorn/e2e/apps/LoaderProbe.class").body()
                    .endsWith("/io/junicorn/e2e/apps/LoaderProbe.class"));
            assertEquals("own", Client.get(port, "/context").body(), "the request thread's context class loader");
            server.stopCleanly();
        }
    }

    @Test
    void anApplicationsOwnLoggingAndJunicornsStayApart() throws Exception {
        Path libraries = Path.of("target/own-logging").toAbsolutePath();
        String classPath = String.join(":", AppSpecTest.testClasses(), Path.of("src/test/own-logging").toAbsolutePath()
                .toString(), libraries + "/*");
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", classPath,
                OwnLogging.class.getName()))) {
            String answer = Client.get(server.port(), "/hello").body();
            assertEquals("ch.qos.logback.classic.LoggerContext from file:" + libraries.resolve("logback-classic-1.4.14.jar"),
                    answer);
            server.awaitLog("own-logging INFO OwnLogging - GET /hello", Duration.ofSeconds(10));
            server.stopCleanly();
            String log = server.log();
            assertTrue(log.contains("own-logging INFO OwnLogging - started"), log);
            assertTrue(log.matches("(?s).*\\[\\d+] \\[INFO] Worker exiting \\(pid: \\d+\\).*"), log);
            assertFalse(log.contains("PARSER_ERROR") || log.contains("|-ERROR") || log.contains("SLF4J("), log);
        }
    }

    @Test
    void hooksAreIsolatedInTheMasterAndInWorkers() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--hooks",
                IsolatedHooks.class.getName(), "--class-path", AppSpecTest.testClasses() + ":" + Junicorn.HELLO_JAR,
                Junicorn.HELLO))) {
            String seen = " slf4j=hidden engine=hidden api=visible context=own";
            server.awaitLog("\\[INFO] isolated-hooks: post_fork" + seen, Duration.ofSeconds(30));
            assertTrue(server.log().contains("[INFO] isolated-hooks: on_starting" + seen), server.log());
            server.stopCleanly();
        }
    }

    /** A war's leftover Servlet API and a copy of junicorn's API are ignored: the server's copies win. */
    @Test
    void copiesOfTheSharedApisAreIgnored(@TempDir Path directory) throws Exception {
        Path copies = directory.resolve("copies.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(copies))) {
            for (String resource : List.of("jakarta/servlet/Servlet.class", "io/junicorn/app/AsyncHandler.class",
                    "io/junicorn/app/NonBlockingHandler.class")) {
                jar.putNextEntry(new JarEntry(resource));
                try (InputStream in = IsolationTest.class.getClassLoader().getResourceAsStream(resource)) {
                    in.transferTo(jar);
                }
            }
        }
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path",
                copies + ":" + AppSpecTest.testClasses(), ServletShowcase.class.getName()))) {
            assertEquals("/exact|null|EXACT", Client.get(server.port(), "/exact").body());
            server.stopCleanly();
            String log = server.log();
            assertEquals(1, log.lines().filter(line -> line.contains("[INFO] Ignoring the Servlet API in " + copies
                    + ": applications get junicorn's")).count(), log);
            // the same classes as the server's (the API jar this test compiles against): one INFO line; a different
            // copy gets a WARN (ApplicationLoaderTest)
            assertEquals(1, log.lines().filter(line -> line.contains("[INFO] Ignoring junicorn's API in " + copies
                    + ": applications get junicorn's")).count(), log);
        }
    }

    @Test
    void aClassPathEntryThatIsNotAJarHaltsWithStatusFour(@TempDir Path directory) throws Exception {
        Path notAJar = directory.resolve("notes.jar");
        try (OutputStream out = Files.newOutputStream(notAJar)) {
            out.write("not a zip file\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-b", "127.0.0.1:0",
                "--class-path", Junicorn.HELLO_JAR + ":" + notAJar, Junicorn.HELLO))) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("App failed to load: class path entry " + notAJar + " is not a jar: "),
                    server.log());
        }
        Path missing = directory.resolve("missing.jar");
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0",
                "--class-path", missing + ":" + Junicorn.HELLO_JAR, Junicorn.HELLO))) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("App failed to load: class path entry " + missing
                    + " cannot be read: no such file or directory"), server.log());
        }
    }
}
