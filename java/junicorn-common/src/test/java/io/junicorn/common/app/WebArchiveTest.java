package io.junicorn.common.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A war as APP: unpacked once per content, WEB-INF/ as the class path, lib-provided left out, nothing outside. */
class WebArchiveTest {
    @TempDir
    Path dir;

    @Test
    void classPathIsClassesThenLibWithoutLibProvided() throws IOException {
        Path war = war("app.war", Map.of("index.html", "<h1>hi</h1>", "WEB-INF/classes/com/example/App.class", "x",
                "WEB-INF/lib/b.jar", "", "WEB-INF/lib/a.jar", "", "WEB-INF/lib-provided/tomcat-embed-core.jar", ""));
        WebArchive archive = WebArchive.unpack(war, dir.resolve("cache"));
        Path root = archive.root();
        assertEquals(List.of(root.resolve("WEB-INF/classes"), root.resolve("WEB-INF/lib/a.jar"),
                root.resolve("WEB-INF/lib/b.jar")), archive.classPath());
        assertEquals("<h1>hi</h1>", Files.readString(root.resolve("index.html")));
        assertFalse(Files.exists(root.resolve("WEB-INF/lib-provided")));
        assertEquals(List.of("com.example.App"), archive.classNames());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cache"))));
    }

    @Test
    void sameContentSameTreeNewContentNewTree() throws IOException {
        Path war = war("app.war", Map.of("WEB-INF/web.xml", "one"));
        Path first = WebArchive.unpack(war, dir.resolve("cache")).root();
        assertEquals(first, WebArchive.unpack(war, dir.resolve("cache")).root());
        war("app.war", Map.of("WEB-INF/web.xml", "two"));
        Path second = WebArchive.unpack(war, dir.resolve("cache")).root();
        assertNotEquals(first, second);
        assertEquals("two", Files.readString(second.resolve("WEB-INF/web.xml")));
        try (var trees = Files.list(dir.resolve("cache"))) {
            assertEquals(2, trees.count(), "no unpacking directory left behind");
        }
    }

    @Test
    void workersUnpackingTogetherShareOneTree() throws Exception {
        Map<String, String> entries = new java.util.HashMap<>();
        for (int i = 0; i < 200; i++) {
            entries.put("static/file" + i + ".txt", "content " + i);
        }
        entries.put("WEB-INF/classes/a.txt", "a");
        Path war = war("app.war", entries);
        int workers = 6;
        CountDownLatch start = new CountDownLatch(1);
        Set<Path> roots = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                results.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    WebArchive archive = WebArchive.unpack(war, dir.resolve("cache"));
                    // every file is there as soon as unpack returns, whoever unpacked it
                    assertEquals("content 199", Files.readString(archive.root().resolve("static/file199.txt")));
                    roots.add(archive.root());
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, roots.size());
        try (var trees = Files.list(dir.resolve("cache"))) {
            assertEquals(1, trees.count(), "the losers' copies are gone");
        }
    }

    @Test
    void anEntryOutsideTheTreeIsRefused() throws IOException {
        Path war = war("evil.war", Map.of("WEB-INF/web.xml", "", "../../escaped.txt", "x"));
        IOException e = assertThrows(IOException.class, () -> WebArchive.unpack(war, dir.resolve("cache")));
        assertTrue(e.getMessage().contains("entry ../../escaped.txt would be unpacked outside the war's tree"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
    }

    @Test
    void anArchiveWithoutWebInfIsNoWar() throws IOException {
        Path war = war("plain.war", Map.of("com/example/App.class", "x"));
        IOException e = assertThrows(IOException.class, () -> WebArchive.unpack(war, dir.resolve("cache")));
        assertTrue(e.getMessage().endsWith("plain.war: not a war, it has no WEB-INF/"), e.getMessage());
        assertThrows(IOException.class, () -> WebArchive.unpack(dir.resolve("missing.war"), dir.resolve("cache")));
    }

    @Test
    void aCacheOthersMayWriteIsRefused() throws IOException {
        Path cache = Files.createDirectory(dir.resolve("cache"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path war = war("app.war", Map.of("WEB-INF/web.xml", ""));
        IOException e = assertThrows(IOException.class, () -> WebArchive.unpack(war, cache));
        assertTrue(e.getMessage().contains("no one else may write to"), e.getMessage());
    }

    private Path war(String name, Map<String, String> entries) throws IOException {
        Path war = dir.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(war), manifest)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return war;
    }
}
