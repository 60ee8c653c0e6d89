package io.junicorn.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every APP form, resolved by type on real workers: CLASS, CLASS::member, CLASS:member, factories, maps. */
class AppSpecTest {
    private static final String APPS = "io.junicorn.e2e.apps.SpecApps";

    static String testClasses() throws URISyntaxException {
        return Path.of(AppSpecTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String served(String app, String path) throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", testClasses(), app))) {
            String body = Client.get(server.port(), path).body();
            server.assertNoUnexpectedErrors();
            return body;
        }
    }

    @Test
    void classAloneIsConstructed() throws Exception {
        assertEquals("class", served(APPS + "$Handler", "/"));
    }

    @Test
    void staticFieldAndNoArgMethod() throws Exception {
        assertEquals("field", served(APPS + "::FIELD", "/"));
        assertEquals("method", served(APPS + ":method", "/x"));
    }

    @Test
    void factoryWithLiterals() throws Exception {
        assertEquals("HI HI HI 0.5", served(APPS + "::factory('hi', 3, true, 0.5)", "/"));
        assertEquals("a\"b 1.0", served(APPS + ":factory(\"a\\\"b\", 1, false, 1)", "/"));
    }

    @Test
    void mapOfContextsLongestPrefixWins() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", testClasses(),
                APPS + "::contexts"))) {
            int port = server.port();
            assertEquals("root /", Client.get(port, "/other").body());
            assertEquals("api /api", Client.get(port, "/api/users").body());
            assertEquals("v2 /api/v2", Client.get(port, "/api/v2/users").body());
        }
    }

    @Test
    void defaultMemberApplication() throws Exception {
        assertEquals("application", served(APPS + "$WithApplication", "/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {APPS + "$Closing", APPS + "::closingContexts"})
    void closeableHandlerIsClosedAtWorkerExit(String app) throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", testClasses(),
                app))) {
            assertEquals("closing", Client.get(server.port(), "/").body());
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("Closing handler closed at worker exit"), server.log());
        }
    }

    @Test
    void unhostableClassHaltsWithWhatWasLookedForAndFound() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-b", "127.0.0.1:0", "--class-path", testClasses(),
                APPS + "$NotAnApp"))) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(30)));
            String line = server.awaitLog("App failed to load: .*", Duration.ofSeconds(5)).group();
            assertTrue(line.contains("cannot host " + APPS + "$NotAnApp: looked for a com.sun.net.httpserver.HttpHandler, "
                    + "a Map of context path to com.sun.net.httpserver.HttpHandler, a jakarta.ws.rs.core.Application"), line);
            assertTrue(line.contains("a class with public static void main(String[]) (main mode); found class "
                    + APPS + "$NotAnApp implements java.lang.Runnable"), line);
            assertTrue(server.log().contains("Reason: App failed to load."), server.log());
        }
    }

    @Test
    void memberValueNoKindTakes() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", testClasses(),
                APPS + "::notAnApp"))) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("found an instance of class java.lang.StringBuilder"), server.log());
        }
    }

    @Test
    void missingMemberAndUnfittingFactory() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", testClasses(),
                APPS + "::nothing"))) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("has no public static field or no-arg method nothing"), server.log());
        }
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", testClasses(),
                APPS + "::factory('x')"))) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("has no public static method factory(String)"), server.log());
        }
    }

    @Test
    void malformedAppIsRefusedByTheMaster() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-b", "127.0.0.1:0", "Foo::bar("))) {
            assertEquals(1, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("junicorn: error: APP Foo::bar( is malformed at column 10: missing ')'"),
                    server.log());
            assertTrue(!server.log().contains("Booting worker"), server.log());
        }
    }

    @Test
    void checkConfigUnderstandsEveryForm() throws Exception {
        for (String app : List.of(APPS + "$Handler", APPS + "::FIELD", APPS + ":method", APPS + "::factory('a', 1, true, 2.0)")) {
            try (Junicorn server = Junicorn.start(List.of("--check-config", "--class-path", testClasses(), app))) {
                assertEquals(0, server.awaitExit(Duration.ofSeconds(30)), app + ": " + server.log());
            }
        }
        try (Junicorn server = Junicorn.start(List.of("--check-config", "--class-path", testClasses(), APPS + "::factory(1)"))) {
            assertEquals(1, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("has no public static method factory taking 1 argument"), server.log());
        }
    }

    @Test
    void jarAsAppRunsItsMainClassAndWildcardClassPath() throws Exception {
        Path jersey = Junicorn.DIST.resolve("examples/jersey");
        Path jar = java.nio.file.Files.createTempDirectory("junicorn-app-jar").resolve("app.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "io.junicorn.examples.jersey.Main");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", jersey + "/*",
                jar.toString()))) {
            assertEquals("Hello, jar\n", Client.get(server.port(), "/hello/jar").body());
        }
        try (Junicorn check = Junicorn.start(List.of("--check-config", "--class-path", jersey + "/*", jar.toString()))) {
            assertEquals(0, check.awaitExit(Duration.ofSeconds(30)), check.log());
        }
        Path plain = jar.resolveSibling("plain.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(plain))) {
            out.flush();
        }
        try (Junicorn server = Junicorn.start(List.of("-b", "127.0.0.1:0", plain.toString()))) {
            assertEquals(1, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("the jar's manifest has no Main-Class"), server.log());
        }
    }
}
