package io.junicorn.master.arbiter;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.master.os.ExitInfo;
import io.junicorn.master.settings.AppTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The AOT cache of the application itself (app_aot_cache, JDK 25+): one file per class path identity in a
 * directory, recorded by the first worker that finds none (JEP 514's -XX:AOTCacheOutput: the JVM writes it when it
 * exits) and used by every later worker of that identity. A worker records into a file of its own that doubles as
 * the lock (created exclusively, so one worker of all the masters sharing the directory records at a time), and the
 * master renames it into place only after that worker exited normally: no worker ever opens a cache being written.
 * A recording that fails is logged once and not retried for that identity while this master runs.
 */
final class AppAotCache {
    private static final Logger log = LoggerFactory.getLogger(AppAotCache.class);
    /** A lock this old was left by a master that died while its worker recorded (boot, serving, writing). */
    static final Duration STALE_LOCK = Duration.ofHours(1);
    private static final String SUFFIX = ".aot";
    private static final String RECORDING = ".recording";

    /** What a worker does with the application's cache: nothing, record it, or start from it. */
    record Choice(Path cache, boolean record) {
        static final Choice NONE = new Choice(null, false);

        /** The JVM option, or none: the worker then starts from junicorn's own cache. */
        Optional<String> option() {
            if (cache == null) {
                return Optional.empty();
            }
            return Optional.of(record ? "-XX:AOTCacheOutput=" + recordingOf(cache) : "-XX:AOTCache=" + cache);
        }
    }

    private final Map<String, String> environment;
    private final Map<Integer, Path> recorders = new HashMap<>();
    private final Set<Path> failed = new HashSet<>();
    private final Set<String> warned = new HashSet<>();

    AppAotCache(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * The cache a worker about to be spawned uses or records; NONE when off, below JDK 25, when a --jvm-opt chooses
     * its own archive, while another worker records this identity, or after its recording failed. Records only
     * when it took the lock: the caller must hand the choice back to {@link #spawned} or {@link #notSpawned}.
     */
    Choice choose(Config config, String libjvm, List<String> workerClassPath) {
        List<String> user = config.list(Registry.JVM_OPT);
        if (config.string(Registry.APP_AOT_CACHE).equals("off") || WorkerSpawner.javaMajor(libjvm) < 25
                || user.stream().anyMatch(WorkerSpawner::choosesArchive)) {
            return Choice.NONE;
        }
        String workerUser = config.string(Registry.USER);
        Optional<Path> directory = directory(config.string(Registry.APP_AOT_CACHE), workerUser);
        if (directory.isEmpty()) {
            return Choice.NONE;
        }
        Path cache;
        try {
            cache = directory.get().resolve(fileName(config, libjvm, workerClassPath));
        } catch (IOException e) { // a class path entry that cannot be read: the worker says which, and exits
            log.debug("no application AOT cache: {}", e.toString());
            return Choice.NONE;
        }
        if (Files.isRegularFile(cache)) {
            return new Choice(cache, false);
        }
        if (failed.contains(cache) || !lock(recordingOf(cache))) {
            return Choice.NONE;
        }
        try {
            giveTo(workerUser, recordingOf(cache)); // the worker's JVM writes it
        } catch (IOException e) {
            deleteQuietly(recordingOf(cache));
            failed.add(cache);
            log.warn("No application AOT cache: cannot give {} to user {} ({})", recordingOf(cache), workerUser,
                    e.toString());
            return Choice.NONE;
        }
        return new Choice(cache, true);
    }

    void spawned(Choice choice, int pid) {
        if (choice.record()) {
            recorders.put(pid, choice.cache());
            log.info("Worker (pid:{}) records the application's AOT cache {} during its boot; it writes it when it "
                    + "exits, retired once it and another worker are ready", pid, choice.cache());
        }
    }

    void notSpawned(Choice choice) {
        if (choice.record()) {
            deleteQuietly(recordingOf(choice.cache()));
        }
    }

    boolean records(int pid) {
        return recorders.containsKey(pid);
    }

    /**
     * A worker exited: a recorder that exited normally wrote its cache, which now takes the place of the one for
     * an older version of the same class path; one killed, or exiting without a cache, leaves nothing behind.
     */
    void exited(int pid, ExitInfo exit) {
        Path cache = recorders.remove(pid);
        if (cache == null) {
            return;
        }
        Path recording = recordingOf(cache);
        try {
            if (!exit.signaled() && Files.size(recording) > 0) {
                Files.move(recording, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                log.info("Recorded the application's AOT cache {} ({} MiB): workers spawned from now on start from it",
                        cache, Files.size(cache) >> 20);
                removeOlderVersions(cache);
                return;
            }
        } catch (IOException e) {
            log.debug("recording {}: {}", recording, e.toString());
        }
        failed.add(cache);
        deleteQuietly(recording);
        deleteQuietly(Path.of(recording + ".config"));
        log.warn("Worker (pid:{}) ended ({}) without writing the application's AOT cache {} (its log says why); "
                + "workers of this class path start without it until the master restarts", pid, exit, cache);
    }

    /**
     * app_aot_cache's directory, created when missing, readable by its owner only (a cache is code), and owned by
     * the workers' user, whose JVMs write into it.
     */
    private Optional<Path> directory(String setting, String workerUser) {
        Path directory;
        if (!setting.equals("auto")) {
            directory = Path.of(setting).toAbsolutePath();
        } else if (environment.containsKey("CACHE_DIRECTORY")) {
            directory = Path.of(environment.get("CACHE_DIRECTORY").split(":")[0], "aot");
        } else if (environment.containsKey("XDG_CACHE_HOME")) {
            directory = Path.of(environment.get("XDG_CACHE_HOME"), "junicorn", "aot");
        } else if (environment.containsKey("HOME")) {
            directory = Path.of(environment.get("HOME"), ".cache", "junicorn", "aot");
        } else {
            return Optional.empty();
        }
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                giveTo(workerUser, directory);
            }
            return Optional.of(directory);
        } catch (IOException | UnsupportedOperationException e) {
            if (warned.add(directory.toString())) {
                log.warn("No application AOT cache: cannot create {} ({}); set app_aot_cache to a writable "
                        + "directory, or off", directory, e.toString());
            }
            return Optional.empty();
        }
    }

    /**
     * app-WHERE-WHAT.aot: WHERE names the application and its class path by their paths, so that a new version's
     * cache replaces the old one's; WHAT adds everything the cache is only good for: each entry's (and each file of
     * a directory entry's) size and modification time, junicorn's jars, the JDK, the worker class and --jvm-opt.
     */
    static String fileName(Config config, String libjvm, List<String> workerClassPath) throws IOException {
        MessageDigest where = sha256();
        MessageDigest what = sha256();
        List<String> located = new ArrayList<>();
        located.add(AppTarget.workerApp(config));
        located.add(Path.of(libjvm).toAbsolutePath().toString());
        for (Path entry : AppTarget.classPath(config)) {
            located.add(entry.toAbsolutePath().toString());
        }
        List<String> versioned = new ArrayList<>(located);
        for (Path entry : AppTarget.classPath(config)) {
            versioned.addAll(stamps(entry.toAbsolutePath()));
        }
        for (String jar : workerClassPath) {
            versioned.addAll(stamps(Path.of(jar)));
        }
        versioned.addAll(stamps(Path.of(libjvm)));
        versioned.add(Registry.workerClass(config));
        versioned.addAll(config.list(Registry.JVM_OPT));
        located.forEach(part -> update(where, part));
        versioned.forEach(part -> update(what, part));
        HexFormat hex = HexFormat.of();
        return "app-" + hex.formatHex(where.digest(), 0, 6) + "-" + hex.formatHex(what.digest(), 0, 8) + SUFFIX;
    }

    /** PATH SIZE MTIME of a file, or of each regular file under a directory, in a stable order. */
    private static List<String> stamps(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(stamp(path, Files.readAttributes(path, BasicFileAttributes.class)));
        }
        List<String> stamps = new ArrayList<>();
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted().toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    stamps.add(stamp(file, attributes));
                }
            }
        }
        return stamps;
    }

    private static String stamp(Path file, BasicFileAttributes attributes) {
        return file + " " + attributes.size() + " " + attributes.lastModifiedTime().toMillis();
    }

    /** chown to the user workers run as (user), when there is one: only a root master has another. */
    private static void giveTo(String workerUser, Path path) throws IOException {
        if (!workerUser.isEmpty()) {
            Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(workerUser));
        }
    }

    private static void update(MessageDigest digest, String part) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static Path recordingOf(Path cache) {
        return Path.of(cache + RECORDING);
    }

    /** Creates the recording file exclusively: the one lock for every master sharing the directory. */
    private static boolean lock(Path recording) {
        try {
            Files.createFile(recording);
            return true;
        } catch (FileAlreadyExistsException e) {
            try {
                if (Files.getLastModifiedTime(recording).toMillis() < System.currentTimeMillis() - STALE_LOCK.toMillis()) {
                    Files.delete(recording); // left by a master that died: the next spawn takes it
                }
            } catch (IOException gone) {
                // another master finished or removed it meanwhile: the next spawn looks again
            }
            return false;
        } catch (IOException e) {
            log.debug("cannot record the application's AOT cache {}: {}", recording, e.toString());
            return false;
        }
    }

    /** The caches of the same application and class path before its jars changed. */
    private static void removeOlderVersions(Path cache) {
        String name = cache.getFileName().toString();
        String where = name.substring(0, name.lastIndexOf('-') + 1);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(cache.getParent(), where + "*" + SUFFIX)) {
            for (Path sibling : siblings) {
                if (!sibling.equals(cache)) {
                    deleteQuietly(sibling);
                }
            }
        } catch (IOException e) {
            log.debug("old AOT caches beside {} stay: {}", cache, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", file, e.toString());
        }
    }
}
