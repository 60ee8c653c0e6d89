package io.junicorn.master.reload;

import io.junicorn.common.app.ClassPath;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;
import io.junicorn.master.arbiter.MasterControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * --reload (development): a {@code junicorn-reload} thread of the master watches, with inotify (the JDK's
 * WatchService on Linux), the jars and class directories of class_path, the config file and reload_extra_files,
 * and asks the arbiter for a reload (as HUP) once they have been quiet for a second after a change, so that a
 * build that writes many files restarts the workers once. A file is watched through its directory, since editors
 * and build tools replace files by renaming. The paths are those of the start: a reload does not move the watch.
 */
public final class ChangeWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeWatcher.class);
    static final long QUIET_MILLIS = 1000;

    private final WatchService service;
    private final MasterControl control;
    private final Set<Path> files = new HashSet<>();
    /** Directory trees of class_path, where .class and .jar files count. */
    private final Set<Path> classTrees = new HashSet<>();
    /** Directory trees of reload_extra_files, where every file counts. */
    private final Set<Path> anyTrees = new HashSet<>();
    private final Map<WatchKey, Path> directories = new HashMap<>();

    private ChangeWatcher(WatchService service, MasterControl control) {
        this.service = service;
        this.control = control;
    }

    /** Null unless reload is set; refused together with daemon, whose master has no terminal to develop at. */
    public static ChangeWatcher start(Config config, MasterControl control) {
        if (!config.flag(Registry.RELOAD)) {
            return null;
        }
        try {
            ChangeWatcher watcher = new ChangeWatcher(FileSystems.getDefault().newWatchService(), control);
            for (Path entry : ClassPath.expand(config.list(Registry.CLASS_PATH))) {
                watcher.watch(entry, watcher.classTrees);
            }
            String configFile = config.string(Registry.CONFIG);
            if (!configFile.isEmpty()) {
                watcher.watch(Path.of(configFile).toAbsolutePath(), watcher.anyTrees);
            }
            for (String extra : config.list(Registry.RELOAD_EXTRA_FILES)) {
                watcher.watch(Path.of(extra).toAbsolutePath(), watcher.anyTrees);
            }
            Thread.ofPlatform().name("junicorn-reload").daemon(true).start(watcher::run);
            log.info("Reload on change: watching {} files and {} directory trees", watcher.files.size(),
                    watcher.classTrees.size() + watcher.anyTrees.size());
            return watcher;
        } catch (IOException e) {
            throw new SettingsException("reload: cannot watch for changes: " + e.getMessage());
        }
    }

    /** Refuses --reload with --daemon: reloading on every save is for a developer's terminal. */
    public static void checkNotDaemon(Config config) {
        if (config.flag(Registry.RELOAD) && config.flag(Registry.DAEMON)) {
            throw new SettingsException("reload and daemon do not go together: --reload is for development, "
                    + "with the master in the foreground");
        }
    }

    private void watch(Path path, Set<Path> trees) throws IOException {
        if (Files.isDirectory(path)) {
            trees.add(path);
            registerTree(path);
        } else if (path.getParent() != null && Files.isDirectory(path.getParent())) {
            files.add(path);
            register(path.getParent());
        } else {
            log.warn("reload: {} is in no directory that exists; not watched", path);
        }
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path directory : tree.filter(Files::isDirectory).toList()) {
                register(directory);
            }
        }
    }

    private void register(Path directory) throws IOException {
        if (!directories.containsValue(directory)) {
            directories.put(directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE), directory);
        }
    }

    private void run() {
        try {
            while (true) {
                Path changed = changes(service.take());
                if (changed == null) {
                    continue;
                }
                // debounce: wait until a whole second passes without another change
                for (WatchKey key = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS); key != null;
                     key = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) {
                    changes(key);
                }
                log.info("Reload on change: {} changed; starting new workers", changed); // tests match this
                control.reload();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            log.debug("reload watcher stopped");
        }
    }

    /** The first relevant path among the key's events (null if none); new directories in a tree are watched too. */
    private Path changes(WatchKey key) {
        Path directory = directories.get(key);
        Path relevant = null;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (directory == null || !(event.context() instanceof Path name)) {
                continue; // OVERFLOW: events were lost; the next ones still count
            }
            Path path = directory.resolve(name);
            if (Files.isDirectory(path) && inTree(path, classTrees, anyTrees)) {
                try {
                    registerTree(path);
                } catch (IOException e) {
                    log.warn("reload: cannot watch new directory {}: {}", path, e.getMessage());
                }
            }
            if (relevant == null && relevant(path)) {
                relevant = path;
            }
        }
        if (!key.reset()) {
            directories.remove(key);
        }
        return relevant;
    }

    private boolean relevant(Path path) {
        String name = path.getFileName().toString();
        return files.contains(path) || inTree(path, anyTrees)
                || inTree(path, classTrees) && (name.endsWith(".class") || name.endsWith(".jar"));
    }

    @SafeVarargs
    private static boolean inTree(Path path, Set<Path>... trees) {
        for (Set<Path> roots : trees) {
            for (Path root : roots) {
                if (path.startsWith(root)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            log.debug("reload watcher: {}", e.getMessage());
        }
    }
}
