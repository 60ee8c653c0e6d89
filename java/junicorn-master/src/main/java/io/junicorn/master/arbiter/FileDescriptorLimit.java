package io.junicorn.master.arbiter;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RLIMIT_NOFILE, nginx's worker_rlimit_nofile without the setting: the master raises its soft limit to the hard
 * one at start, before it spawns anything, so every worker inherits it (HotSpot raises its own process's limit
 * the same way with -XX:+MaxFDLimit, which a --jvm-opt may turn off, and which the master does not count on),
 * and warns when worker_connections cannot fit in it. The limit is per process: each worker needs its own
 * connections' fds, plus what its JVM keeps open.
 *
 * @param limit the soft limit now, -1 when unlimited or unknown
 */
record FileDescriptorLimit(long limit) {
    private static final Logger log = LoggerFactory.getLogger(FileDescriptorLimit.class);
    /**
     * What a worker JVM holds besides its connections: the JDK's modules image and libraries, the class path's
     * jars, epoll and wakeup fds, the listeners, the heartbeat and log files (about 20 for the Hello app; an
     * application's own files come on top).
     */
    static final int WORKER_OWN_FDS = 128;
    private static final Path SYSTEM_LIMIT = Path.of("/proc/sys/fs/file-max");

    static FileDescriptorLimit raise(Os os) {
        Os.FdLimit raised;
        try {
            raised = os.raiseFdLimit();
        } catch (NativeException e) {
            log.warn("File descriptors: cannot raise the limit ({}); workers get the master's", e.getMessage());
            return new FileDescriptorLimit(-1);
        }
        if (raised.after() < 0) {
            log.info("File descriptors: no limit per process");
        } else if (raised.before() == raised.after()) {
            log.info("File descriptors: at most {} per process (the hard limit), workers included", raised.after());
        } else {
            log.info("File descriptors: at most {} per process (raised from {} to the hard limit), workers included",
                    raised.after(), raised.before());
        }
        return new FileDescriptorLimit(raised.after());
    }

    /** Logs a warning for each limit the settings' connections may exceed; at start and at every reload. */
    void check(Config config) {
        shortfalls(config, limit, systemLimit()).forEach(log::warn);
    }

    /** What does not fit: per worker in the process limit, for all workers in the system's (-1: none). */
    static List<String> shortfalls(Config config, long processLimit, long systemLimit) {
        List<String> shortfalls = new ArrayList<>();
        boolean sync = Registry.workerClass(config).equals("sync");
        long connections = sync ? 1 : config.integer(Registry.WORKER_CONNECTIONS);
        long perWorker = connections + WORKER_OWN_FDS;
        int workers = config.integer(Registry.WORKERS_COUNT);
        if (processLimit >= 0 && perWorker > processLimit) {
            shortfalls.add("worker_connections = " + connections + " needs about " + perWorker + " file descriptors"
                    + " per worker, above the limit of " + processLimit + ": connections beyond it fail with 'Too"
                    + " many open files'; raise the hard limit (LimitNOFILE= in the unit, ulimit -Hn) or lower"
                    + " worker_connections");
        }
        if (systemLimit >= 0 && workers * perWorker > systemLimit) {
            shortfalls.add(workers + " workers x " + perWorker + " file descriptors exceed the system's limit of "
                    + systemLimit + " (fs.file-max)");
        }
        return shortfalls;
    }

    /**
     * One read into a buffer large enough for the number: a proc file reports size 0, and Files.readString then
     * read one byte ("2" of 2466248) on a 6.18 kernel.
     */
    private static long systemLimit() {
        try (InputStream in = Files.newInputStream(SYSTEM_LIMIT)) {
            return Long.parseLong(new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
