package io.junicorn.common.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassPathTest {
    @TempDir
    Path dir;

    @Test
    void wildcardIsTheDirectorysJarsSorted() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("b.jar"), "");
        Files.writeString(lib.resolve("a.jar"), "");
        Files.writeString(lib.resolve("notes.txt"), "");
        Files.createDirectories(lib.resolve("sub.jar"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(List.of(lib.resolve("a.jar"), lib.resolve("b.jar"), classes, dir.resolve("x.jar")),
                ClassPath.expand(List.of(lib + "/*", classes + ":" + dir.resolve("x.jar"))));
    }

    @Test
    void wildcardOverAMissingDirectoryAddsNothing() {
        assertEquals(List.of(), ClassPath.expand(List.of(dir.resolve("none") + "/*", "")));
    }

    @Test
    void relativeEntriesBecomeAbsolute() {
        assertEquals(Path.of("app.jar").toAbsolutePath(), ClassPath.expand(List.of("app.jar")).get(0));
    }

    @Test
    void jarMainClass() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "com.example.Main");
        Path jar = dir.resolve("app.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        assertEquals("com.example.Main", AppJar.mainClass(jar));
        Path plain = dir.resolve("plain.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(plain))) {
            out.flush();
        }
        assertTrue(assertThrows(AppSpec.AppSpecException.class, () -> AppJar.mainClass(plain)).getMessage()
                .contains("has no Main-Class"));
        assertTrue(assertThrows(AppSpec.AppSpecException.class, () -> AppJar.mainClass(dir.resolve("none.jar")))
                .getMessage().contains("no such jar"));
    }
}
