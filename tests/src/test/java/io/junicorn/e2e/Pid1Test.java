package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The master as a container's PID 1 (unshare --pid): it serves, reaps orphans, and stops gracefully on TERM. */
class Pid1Test {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void reapsOrphansAndStopsOnTerm() throws Exception {
        String classes = Path.of(Pid1Test.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        try (Junicorn unshare = Junicorn.start(List.of("unshare", "--pid", "--fork", "--mount-proc"),
                List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", classes, "io.junicorn.e2e.apps.Orphaning"),
                Map.of())) {
            int port = unshare.port();
            List<Long> children = unshare.workerPids(); // unshare's only child is the master, PID 1 inside
            assertEquals(1, children.size(), "unshare --fork has one child");
            long master = children.get(0);
            assertTrue(Files.readString(Path.of("/proc", Long.toString(master), "status")).contains("NSpid:\t" + master + "\t1\n"),
                    "the master is PID 1 of its namespace");

            assertEquals("orphaned\n", Http.get(port, "/").body());
            long[] orphan = new long[1];
            Junicorn.await("the orphaned sleep re-parented to the master", WAIT, () -> {
                OptionalLong sleep = childNamed(master, "sleep");
                sleep.ifPresent(pid -> orphan[0] = pid);
                return sleep.isPresent();
            });
            // it exits after 2 s; only its parent, the master, can make the zombie go away
            Junicorn.await("the orphan reaped", WAIT, () -> !Files.exists(Path.of("/proc", Long.toString(orphan[0]))));

            Junicorn.signal(master, "TERM");
            assertEquals(0, unshare.awaitExit(WAIT), "unshare exits with the master's status");
            unshare.assertNoUnexpectedErrors();
        }
    }

    /** A child of parent whose command name (comm) is name, from /proc/PID/stat. */
    private static OptionalLong childNamed(long parent, String name) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.filter(entry -> entry.getFileName().toString().matches("[0-9]+")).filter(entry -> {
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return comm.equals(name) && fields[1].equals(Long.toString(parent));
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }).mapToLong(entry -> Long.parseLong(entry.getFileName().toString())).findFirst();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
