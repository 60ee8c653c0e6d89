package io.junicorn.master.arbiter;

import io.junicorn.common.settings.Config;
import io.junicorn.master.os.ExitInfo;
import io.junicorn.master.settings.ConfigLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application's AOT cache: its identity, who records it, who uses it, and what a failed recording leaves. */
class AppAotCacheTest {
    @TempDir
    Path directory;
    private Path jar;
    private Path cacheDirectory;
    private String libjvm;
    private final List<String> workerClassPath = new ArrayList<>();

    @BeforeEach
    void files() throws IOException {
        jar = Files.writeString(directory.resolve("app.jar"), "version 1");
        cacheDirectory = directory.resolve("cache");
        libjvm = jdk("jdk25", "25.0.3").toString();
        workerClassPath.add(Files.writeString(directory.resolve("junicorn-worker.jar"), "junicorn").toString());
    }

    private Path jdk(String name, String version) throws IOException {
        Path server = Files.createDirectories(directory.resolve(name).resolve("lib/server"));
        Files.writeString(directory.resolve(name).resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return Files.writeString(server.resolve("libjvm.so"), name);
    }

    /** --app-aot-cache is the test's directory unless ARGS choose. */
    private Config config(String... args) {
        List<String> command = new ArrayList<>(List.of("--class-path", jar.toString()));
        command.addAll(List.of(args));
        if (!command.contains("--app-aot-cache")) {
            command.addAll(List.of("--app-aot-cache", cacheDirectory.toString()));
        }
        command.add("app.Handler");
        return ConfigLoader.load(command, Map.of());
    }

    private String name(Config config) throws IOException {
        return AppAotCache.fileName(config, libjvm, workerClassPath);
    }

    @Test
    void theIdentityChangesWithAJarButNotItsPlace() throws IOException {
        String before = name(config());
        assertEquals(before, name(config()));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        String touched = name(config());
        assertNotEquals(before, touched);
        assertEquals(before.substring(0, before.lastIndexOf('-')), touched.substring(0, touched.lastIndexOf('-')),
                "a new version of the same class path replaces the old one's cache");
        Files.writeString(jar, "version 2, longer");
        assertNotEquals(touched, name(config()));
    }

    @Test
    void theIdentityChangesWithTheJdkJunicornTheWorkerClassAndTheJvmOptions() throws IOException {
        String base = name(config());
        assertNotEquals(base, AppAotCache.fileName(config(), jdk("other", "25.0.4").toString(), workerClassPath));
        Files.writeString(Path.of(workerClassPath.getFirst()), "junicorn, next version");
        String newJunicorn = name(config());
        assertNotEquals(base, newJunicorn);
        assertNotEquals(newJunicorn, name(config("-k", "virtual")));
        assertNotEquals(newJunicorn, name(config("--jvm-opt=-XX:+UseCompactObjectHeaders")));
    }

    @Test
    void aDirectoryEntryCountsEachOfItsFiles() throws IOException {
        Path classes = Files.createDirectories(directory.resolve("classes/app"));
        Path handler = Files.writeString(classes.resolve("Handler.class"), "v1");
        jar = directory.resolve("classes");
        String before = name(config());
        Files.writeString(handler, "v2, longer");
        assertNotEquals(before, name(config()));
    }

    @Test
    void theFirstWorkerRecordsTheOthersWaitForItsCacheAndLaterOnesUseIt() throws IOException {
        AppAotCache cache = new AppAotCache(Map.of());
        AppAotCache.Choice recorder = cache.choose(config(), libjvm, workerClassPath);
        assertTrue(recorder.record());
        Path recording = AppAotCache.recordingOf(recorder.cache());
        assertEquals("-XX:AOTCacheOutput=" + recording, recorder.option().orElseThrow());
        cache.spawned(recorder, 100);
        assertTrue(cache.records(100));

        assertEquals(AppAotCache.Choice.NONE, cache.choose(config(), libjvm, workerClassPath), "one recorder at a time");
        AppAotCache otherMaster = new AppAotCache(Map.of());
        assertEquals(AppAotCache.Choice.NONE, otherMaster.choose(config(), libjvm, workerClassPath),
                "the recording file is the lock for every master sharing the directory");

        Files.writeString(recording, "the JVM's cache"); // what the recorder's JVM writes as it exits
        cache.exited(100, new ExitInfo(0, 0));
        assertFalse(cache.records(100));
        assertFalse(Files.exists(recording));
        AppAotCache.Choice user = cache.choose(config(), libjvm, workerClassPath);
        assertFalse(user.record());
        assertEquals("-XX:AOTCache=" + recorder.cache(), user.option().orElseThrow());
    }

    @Test
    void aChangedJarRecordsANewCacheThatReplacesTheOld() throws IOException {
        AppAotCache cache = new AppAotCache(Map.of());
        Path first = record(cache, cache.choose(config(), libjvm, workerClassPath), 1);
        Files.writeString(jar, "version 2, longer");
        AppAotCache.Choice next = cache.choose(config(), libjvm, workerClassPath);
        assertTrue(next.record(), "the old version's cache is not used");
        Path second = record(cache, next, 2);
        assertNotEquals(first, second);
        assertFalse(Files.exists(first));
        assertTrue(Files.exists(second));
    }

    /** A recorder's life: spawned, its JVM writes the recording as it exits, reaped. */
    private static Path record(AppAotCache cache, AppAotCache.Choice recorder, int pid) throws IOException {
        assertTrue(recorder.record());
        cache.spawned(recorder, pid);
        Files.writeString(AppAotCache.recordingOf(recorder.cache()), "cache " + pid);
        cache.exited(pid, new ExitInfo(0, 0));
        return recorder.cache();
    }

    @Test
    void aRecorderKilledOrWithoutACacheLeavesNothingAndIsNotRetried() throws IOException {
        AppAotCache cache = new AppAotCache(Map.of());
        AppAotCache.Choice recorder = cache.choose(config(), libjvm, workerClassPath);
        cache.spawned(recorder, 7);
        Files.writeString(AppAotCache.recordingOf(recorder.cache()), "half a cache");
        cache.exited(7, new ExitInfo(-1, 9));
        assertFalse(Files.exists(recorder.cache()));
        assertFalse(Files.exists(AppAotCache.recordingOf(recorder.cache())));
        assertEquals(AppAotCache.Choice.NONE, cache.choose(config(), libjvm, workerClassPath));

        AppAotCache empty = new AppAotCache(Map.of());
        AppAotCache.Choice second = empty.choose(config(), libjvm, workerClassPath);
        empty.spawned(second, 8);
        empty.exited(8, new ExitInfo(0, 0)); // exited normally, wrote nothing (a JVM that could not dump)
        assertFalse(Files.exists(second.cache()));
        assertEquals(AppAotCache.Choice.NONE, empty.choose(config(), libjvm, workerClassPath));
    }

    @Test
    void aStaleLockIsTakenOver() throws IOException {
        AppAotCache dead = new AppAotCache(Map.of());
        Path recording = AppAotCache.recordingOf(dead.choose(config(), libjvm, workerClassPath).cache());
        Files.setLastModifiedTime(recording, FileTime.fromMillis(System.currentTimeMillis()
                - AppAotCache.STALE_LOCK.toMillis() - 1000));
        AppAotCache next = new AppAotCache(Map.of());
        assertEquals(AppAotCache.Choice.NONE, next.choose(config(), libjvm, workerClassPath));
        assertTrue(next.choose(config(), libjvm, workerClassPath).record());
    }

    @Test
    void offAnOlderJdkOrAnArchiveOfTheUsersOwnMeanNone() throws IOException {
        AppAotCache cache = new AppAotCache(Map.of());
        assertEquals(AppAotCache.Choice.NONE, cache.choose(config("--app-aot-cache", "off"), libjvm, workerClassPath));
        assertEquals(AppAotCache.Choice.NONE, cache.choose(config(), jdk("jdk21", "21.0.9").toString(), workerClassPath));
        assertEquals(AppAotCache.Choice.NONE,
                cache.choose(config("--jvm-opt=-XX:AOTCache=/srv/mine.aot"), libjvm, workerClassPath));
        assertEquals(AppAotCache.Choice.NONE, cache.choose(config("--jvm-opt=-Xshare:off"), libjvm, workerClassPath));
        assertFalse(Files.exists(cacheDirectory));
    }

    @Test
    void autoIsSystemdsCacheDirectoryElseTheUsersCache() throws IOException {
        Path systemd = Files.createDirectories(directory.resolve("var-cache"));
        AppAotCache underSystemd = new AppAotCache(Map.of("CACHE_DIRECTORY", systemd + ":/elsewhere",
                "HOME", directory.resolve("home").toString()));
        Config auto = config("--app-aot-cache", "auto");
        assertEquals(systemd.resolve("aot"), underSystemd.choose(auto, libjvm, workerClassPath).cache().getParent());
        AppAotCache user = new AppAotCache(Map.of("HOME", directory.resolve("home").toString()));
        Path home = user.choose(auto, libjvm, workerClassPath).cache().getParent();
        assertEquals(directory.resolve("home/.cache/junicorn/aot"), home);
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home)));
        assertEquals(AppAotCache.Choice.NONE, new AppAotCache(Map.of()).choose(auto, libjvm, workerClassPath));
    }

    @Test
    void theApplicationsCacheTakesThePlaceOfJunicornsOwn() throws IOException {
        Path home = Files.createDirectories(directory.resolve("home/lib"));
        Files.writeString(home.resolve("worker.aot"), "junicorn's");
        WorkerSpawner spawner = new WorkerSpawner(null, home.getParent(), "junicorn", libjvm, Map.of());
        List<String> plain = spawner.jvmOptions(config(), 2);
        assertTrue(plain.contains("-XX:AOTCache=" + home.resolve("worker.aot")), plain.toString());
        AppAotCache.Choice use = new AppAotCache.Choice(cacheDirectory.resolve("app-1-2.aot"), false);
        List<String> withApp = spawner.jvmOptions(config(), 2, use);
        assertEquals(List.of("-XX:AOTCache=" + use.cache()),
                withApp.stream().filter(option -> option.startsWith("-XX:AOT")).toList());
    }
}
