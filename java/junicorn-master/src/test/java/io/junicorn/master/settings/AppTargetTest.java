package io.junicorn.master.settings;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppTargetTest {
    @TempDir
    Path dir;

    @Test
    void specFormsPassThrough() {
        for (String app : List.of("com.example.App", "com.example.App::handler", "com.example.App:create('x', 1)")) {
            Config config = ConfigLoader.load(List.of(app), Map.of());
            AppTarget.check(config);
            assertEquals(app, AppTarget.workerApp(config));
        }
        assertEquals("com.example.App", AppTarget.className(ConfigLoader.load(List.of("com.example.App::x"), Map.of())));
    }

    @Test
    void malformedAppIsASettingsError() {
        Config config = ConfigLoader.load(List.of("Foo::bar("), Map.of());
        SettingsException e = assertThrows(SettingsException.class, () -> AppTarget.check(config));
        assertTrue(e.getMessage().startsWith("APP Foo::bar( is malformed at column 10: missing ')'"), e.getMessage());
    }

    @Test
    void jarIsItsMainClassAndJoinsTheClassPath() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "com.example.Main");
        Path jar = dir.resolve("app.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("z.jar"), "");
        Files.writeString(lib.resolve("a.jar"), "");
        Config config = ConfigLoader.load(List.of("--class-path", lib + "/*", jar.toString()), Map.of());
        AppTarget.check(config);
        assertEquals("com.example.Main", AppTarget.className(config));
        assertEquals(jar.toString(), AppTarget.workerApp(config));
        assertEquals(List.of(lib.resolve("a.jar"), lib.resolve("z.jar"), jar), AppTarget.classPath(config));
    }

    @Test
    void jarWithoutMainClassIsASettingsError() throws IOException {
        Path jar = dir.resolve("plain.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.flush();
        }
        Config config = ConfigLoader.load(List.of(jar.toString()), Map.of());
        assertTrue(assertThrows(SettingsException.class, () -> AppTarget.check(config)).getMessage()
                .contains("has no Main-Class"));
    }

    @Test
    void warIsMadeAbsoluteAndLeftToTheWorkers() throws IOException {
        Path war = war("shop.war", "WEB-INF/lib/spring-web.jar");
        Config config = ConfigLoader.load(List.of(war.toString()), Map.of());
        AppTarget.check(config);
        assertEquals(war.toString(), AppTarget.workerApp(config));
        assertEquals(List.of(), AppTarget.classPath(config), "each worker adds the war's WEB-INF/ itself");
        assertTrue(assertThrows(SettingsException.class, () -> AppTarget.check(ConfigLoader.load(
                List.of(dir.resolve("missing.war").toString()), Map.of()))).getMessage().endsWith("missing.war: no such war"));
    }

    @Test
    void checkConfigUnpacksAWarAndLooksForItsInitializer() throws IOException {
        Path war = war("shop.war", "WEB-INF/classes/META-INF/services/jakarta.servlet.ServletContainerInitializer");
        AppCheck.check(ConfigLoader.load(List.of(war.toString()), Map.of()));
        Path without = war("static.war", "WEB-INF/classes/index.html");
        assertTrue(assertThrows(SettingsException.class, () -> AppCheck.check(ConfigLoader.load(
                List.of(without.toString()), Map.of()))).getMessage().contains("nothing in its WEB-INF/ declares a "
                + "jakarta.servlet.ServletContainerInitializer"));
    }

    @Test
    void checkConfigTakesAWarOfWebSocketEndpointsWithoutInitializer() throws IOException {
        // the constant pool of a class annotated @ServerEndpoint names the annotation's descriptor
        Path endpoints = war("chat.war", "WEB-INF/classes/com/example/Chat.class",
                "\u0001\u0000\u0029Ljakarta/websocket/server/ServerEndpoint;");
        AppCheck.check(ConfigLoader.load(List.of(endpoints.toString()), Map.of()));
        Path other = war("other.war", "WEB-INF/classes/com/example/Chat.class", "\u0001\u0000\u0010java/lang/Object");
        assertThrows(SettingsException.class, () -> AppCheck.check(ConfigLoader.load(List.of(other.toString()), Map.of())));
    }

    private Path war(String name, String entry) throws IOException {
        return war(name, entry, "com.example.Initializer\n");
    }

    private Path war(String name, String entry, String content) throws IOException {
        Path war = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(war))) {
            out.putNextEntry(new java.util.jar.JarEntry(entry));
            out.write(content.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.closeEntry();
        }
        return war;
    }
}
