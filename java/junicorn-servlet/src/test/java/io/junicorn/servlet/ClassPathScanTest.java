package io.junicorn.servlet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The roots an extension scans: the application's own entries, not the libraries a war bundles. */
class ClassPathScanTest {
    @TempDir
    Path dir;

    @Test
    void aWarsClassesAreScannedItsLibrariesAreNot() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("shop/WEB-INF/classes"));
        Path library = Files.createFile(Files.createDirectories(dir.resolve("shop/WEB-INF/lib")).resolve("spring-web.jar"));
        Path extra = Files.createFile(dir.resolve("extra.jar"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), library.toUri().toURL(),
                extra.toUri().toURL()}, ClassPathScan.class.getClassLoader());
             ClassPathScan scan = new ClassPathScan(loader)) {
            assertEquals(List.of(classes, extra), scan.roots());
        }
    }
}
