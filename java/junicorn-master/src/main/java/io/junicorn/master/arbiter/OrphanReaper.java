package io.junicorn.master.arbiter;

import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * PID 1's duty, for a master that is a container's entrypoint: processes orphaned anywhere below it (an
 * application's {@code sh -c 'cmd &'}) are re-parented to it, and stay zombies unless it reaps them (gunicorn
 * reaps unknown children when it is PID 1 for the same reason).
 *
 * <p>The rule that keeps it from stealing exit statuses: it reaps, by pid, only a child that is not a worker and
 * has been a zombie for a second. The JDK's reaper thread waits in a blocking waitpid for every
 * {@code java.lang.Process} this JVM starts (junicorn's master starts none; a master hook might) and collects it
 * the moment it exits, so a zombie still there a second later is nobody's to wait for.
 */
final class OrphanReaper {
    private static final Logger log = LoggerFactory.getLogger(OrphanReaper.class);
    static final long GRACE_NANOS = 1_000_000_000L;

    private final Os os;
    private final String ownPid;
    private final Map<Integer, Long> zombiesSince = new HashMap<>();

    OrphanReaper(Os os, long ownPid) {
        this.os = os;
        this.ownPid = Long.toString(ownPid);
    }

    /** Only PID 1 inherits orphans (no junicorn process makes itself a subreaper). */
    static boolean needed(long pid) {
        return pid == 1;
    }

    void reap(Set<Integer> workerPids, long nowNanos) {
        Set<Integer> zombies = zombieChildren();
        zombies.removeAll(workerPids);
        zombiesSince.keySet().retainAll(zombies);
        for (int child : zombies) {
            long since = zombiesSince.computeIfAbsent(child, pid -> nowNanos);
            if (nowNanos - since >= GRACE_NANOS) {
                zombiesSince.remove(child);
                try {
                    os.reap(child).ifPresent(exit -> log.debug("Reaped orphan (pid:{}): {}", child, exit));
                } catch (NativeException e) {
                    log.debug("orphan (pid:{}) was reaped elsewhere: {}", child, e.getMessage());
                }
            }
        }
    }

    /** Children in state Z, from /proc/PID/stat: "pid (comm) state ppid ...", where comm may hold spaces. */
    private Set<Integer> zombieChildren() {
        Set<Integer> zombies = new HashSet<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(entry -> entry.getFileName().toString().matches("[0-9]+")).forEach(entry -> {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
                    if (fields[0].equals("Z") && fields[1].equals(ownPid)) {
                        zombies.add(Integer.parseInt(entry.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // the process went away while we looked
                }
            });
        } catch (IOException e) {
            log.warn("cannot list /proc to reap orphans: {}", e.getMessage());
        }
        return zombies;
    }
}
