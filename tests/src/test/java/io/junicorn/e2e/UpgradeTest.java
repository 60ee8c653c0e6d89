package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** USR2 binary upgrade: the documented sequence under load fails nothing; a killed new master is rolled back. */
class UpgradeTest {

    @Test
    void usr2ThenTermOfTheOldMasterFailsNothing() throws Exception {
        Path directory = Files.createTempDirectory("junicorn-upgrade-");
        Path pidfile = directory.resolve("junicorn.pid");
        Path oldbin = directory.resolve("junicorn.pid.oldbin");
        long newMaster = 0;
        try (Junicorn old = Junicorn.hello("-w", "2", "-p", pidfile.toString())) {
            old.awaitServingWorkers(2, Duration.ofSeconds(30));
            assertEquals(old.pid(), readPid(pidfile).orElseThrow());
            Load load = new Load(old.port(), 4);
            try (load) {
                Junicorn.await("traffic", Duration.ofSeconds(10), () -> load.ok() > 50);
                old.signal("USR2");
                newMaster = awaitNewMaster(pidfile, old.pid());
                assertEquals(old.pid(), readPid(oldbin).orElseThrow(), "the old master's pidfile is .oldbin");
                assertTrue(commandLine(old.pid()).startsWith("junicorn: master (old) ["), commandLine(old.pid()));
                List<Long> newWorkers = awaitChildren(newMaster, 2);
                Junicorn.await("the new master's workers serving", Duration.ofSeconds(30),
                        () -> load.pids().containsAll(newWorkers));

                old.signal("TERM");
                assertEquals(0, old.awaitExit(Duration.ofSeconds(40)));
                Junicorn.await(".oldbin removed", Duration.ofSeconds(5), () -> !Files.exists(oldbin));
                assertEquals(newMaster, readPid(pidfile).orElseThrow());
                old.awaitLog("Master has been promoted", Duration.ofSeconds(10));
                int served = load.ok();
                Junicorn.await("traffic after the upgrade", Duration.ofSeconds(10), () -> load.ok() > served + 50);
            }
            assertEquals(List.of(), load.failures(), "failed requests during the upgrade");

            Junicorn.signal(newMaster, "TERM");
            long promoted = newMaster;
            Junicorn.await("the new master's exit", Duration.ofSeconds(40), () -> !alive(promoted));
            assertFalse(Files.exists(pidfile), "the new master removed its pidfile");
            old.assertNoUnexpectedErrors();
        } finally {
            killTree(newMaster);
        }
    }

    @Test
    void aKilledNewMasterGivesThePidfileBack() throws Exception {
        Path directory = Files.createTempDirectory("junicorn-upgrade-");
        Path pidfile = directory.resolve("junicorn.pid");
        Path oldbin = directory.resolve("junicorn.pid.oldbin");
        long newMaster = 0;
        try (Junicorn old = Junicorn.hello("-w", "1", "-p", pidfile.toString())) {
            old.awaitServingWorkers(1, Duration.ofSeconds(30));
            old.signal("USR2");
            newMaster = awaitNewMaster(pidfile, old.pid());
            long newWorker = awaitChildren(newMaster, 1).get(0);
            // Once it serves, the worker watches its parent: killed before that, its master's death could go
            // unnoticed (it would take the orphan's new parent for its own).
            Junicorn.await("the new master's worker serving", Duration.ofSeconds(30), () -> {
                try {
                    return Http.get(old.port(), "/pid").body().equals(Long.toString(newWorker));
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            old.signal("USR2");
            old.awaitLog("USR2 signal ignored. Child exists", Duration.ofSeconds(10));

            Junicorn.signal(newMaster, "KILL");
            old.awaitLog("The new master \\(pid:" + newMaster + "\\) exited", Duration.ofSeconds(10));
            Junicorn.await("the orphaned worker's exit", Duration.ofSeconds(10),
                    () -> !ProcessHandle.of(newWorker).map(ProcessHandle::isAlive).orElse(false));
            Junicorn.await("pidfile back", Duration.ofSeconds(5),
                    () -> readPid(pidfile).equals(Optional.of(old.pid())) && !Files.exists(oldbin));
            assertTrue(commandLine(old.pid()).startsWith("junicorn: master ["), commandLine(old.pid()));
            assertEquals(200, Http.get(old.port(), "/pid").status());
            old.signal("TERM");
            assertEquals(0, old.awaitExit(Duration.ofSeconds(40)));
            old.assertNoUnexpectedErrors("The new master (pid:" + newMaster + ") exited");
        } finally {
            killTree(newMaster);
        }
    }

    /** The new master is the old one's child and writes the pidfile once it has bound. */
    private static long awaitNewMaster(Path pidfile, long oldPid) {
        long[] found = new long[1];
        Junicorn.await("the new master's pidfile", Duration.ofSeconds(30), () -> {
            Optional<Long> pid = readPid(pidfile);
            found[0] = pid.orElse(0L);
            return pid.isPresent() && pid.get() != oldPid;
        });
        assertEquals(Optional.of(oldPid), ProcessHandle.of(found[0]).flatMap(ProcessHandle::parent)
                .map(ProcessHandle::pid), "the new master is the old one's child");
        return found[0];
    }

    private static List<Long> awaitChildren(long pid, int count) {
        Junicorn.await(count + " workers of " + pid, Duration.ofSeconds(30), () -> children(pid).size() == count);
        return children(pid);
    }

    private static List<Long> children(long pid) {
        return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children).map(ProcessHandle::pid).toList();
    }

    private static Optional<Long> readPid(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.matches("[0-9]+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String commandLine(long pid) throws java.io.IOException {
        return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Only what this test started: the new master and its workers, by pid. */
    private static void killTree(long pid) {
        if (pid != 0) {
            ProcessHandle.of(pid).ifPresent(master -> {
                master.children().forEach(ProcessHandle::destroyForcibly);
                master.destroyForcibly();
            });
        }
    }
}
