package io.junicorn.master.arbiter;

import io.junicorn.common.hooks.GuardedHooks;
import io.junicorn.common.hooks.HooksClass;
import io.junicorn.common.settings.Config;
import io.junicorn.hooks.Master;
import io.junicorn.hooks.ServerHooks;
import io.junicorn.master.os.FakeOs;
import io.junicorn.master.os.Signal;
import io.junicorn.master.settings.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The arbiter's steps against a fake operating system: reloads and their listeners, signals, spawn failures. */
@Timeout(30)
class ArbiterTest {
    private static final long WAIT_MILLIS = 10_000;
    private static final int HEARTBEAT_FD = 4;

    @TempDir
    Path directory;

    private final FakeOs os = new FakeOs();
    private final AtomicReference<Config> settings = new AtomicReference<>();
    private final AtomicInteger exitStatus = new AtomicInteger(-1);
    private Arbiter arbiter;
    private Thread loop;

    private static Config config(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("app.Handler");
        return ConfigLoader.load(all, Map.of());
    }

    private void start(Config config, ServerHooks hooks) {
        settings.set(config);
        arbiter = new Arbiter(os, new WorkerSpawner(os, directory, "/junicorn/bin/junicorn", "/jdk/lib/server/libjvm.so"),
                settings::get, List.of(), Map.of());
        loop = Thread.ofPlatform().name("arbiter").start(() -> exitStatus.set(arbiter.run(config, new GuardedHooks(hooks))));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            os.send(Signal.TERM);
            loop.join(WAIT_MILLIS);
            assertFalse(loop.isAlive(), "the arbiter stopped on TERM");
            assertEquals(0, exitStatus.get());
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private List<FakeOs.Spawned> awaitSpawned(int count) throws InterruptedException {
        await(count + " spawned", () -> os.spawned().size() >= count);
        return os.spawned();
    }

    private int fdOf(String address) {
        return os.bound().stream().filter(socket -> socket.address().equals(address)).findFirst().orElseThrow().fd();
    }

    @Test
    void aHupKeepsTheUnchangedListenersBindsTheNewAndClosesTheRemovedOnceTheOldGenerationStopped() throws Exception {
        start(config("-b", "127.0.0.1:8001", "-b", "127.0.0.1:8002"), HooksClass.NONE);
        FakeOs.Spawned old = awaitSpawned(1).get(0);
        os.ready(old);

        settings.set(config("-b", "127.0.0.1:8001", "-b", "127.0.0.1:8003"));
        os.send(Signal.HUP);
        FakeOs.Spawned young = awaitSpawned(2).get(1);
        assertEquals(List.of("127.0.0.1:8001", "127.0.0.1:8002", "127.0.0.1:8003"), os.bindAttempts(),
                "8001 keeps its socket, 8003 is bound");
        assertArrayEquals(new int[] {fdOf("127.0.0.1:8001"), 1, 2, HEARTBEAT_FD, fdOf("127.0.0.1:8003")},
                young.fdMap(), "the new generation gets the new listener set");
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(List.of(), os.closed(), "the old worker still serves 8002");

        os.ready(young);
        await("the old worker retired", () -> !os.running().contains(old));
        await("8002 closed", () -> os.closed().contains(fdOf("127.0.0.1:8002")));
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(List.of(fdOf("127.0.0.1:8002")), os.closed());
    }

    @Test
    void aBindFailureFailsTheReloadAtOnceAndKeepsSettingsHooksListenersAndLogging() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        ServerHooks recording = new ServerHooks() {
            @Override
            public void nworkersChanged(Master master, int newValue, int oldValue) {
                events.add("nworkers_changed " + oldValue + " -> " + newValue);
            }
        };
        start(config("-b", "127.0.0.1:8001"), recording);
        os.ready(awaitSpawned(1).get(0));
        os.takePort(8004);
        Path newLog = directory.resolve("new.log");

        settings.set(config("-w", "3", "-b", "127.0.0.1:8001", "-b", "127.0.0.1:8003", "-b", "127.0.0.1:8004",
                "--error-logfile", newLog.toString()));
        long hup = System.nanoTime();
        os.send(Signal.HUP);
        os.send(Signal.TTIN);
        await("TTIN handled", () -> arbiter.status().targetWorkers() == 2);
        long millis = (System.nanoTime() - hup) / 1_000_000L;
        assertTrue(millis < 1000, "the reload failed at once, not after bind retries: " + millis + " ms");

        assertEquals(List.of("127.0.0.1:8001", "127.0.0.1:8003", "127.0.0.1:8004"), os.bindAttempts(),
                "one attempt for the taken address");
        assertEquals(List.of(fdOf("127.0.0.1:8003")), os.closed(), "the listener bound for the reload is closed");
        assertEquals(1, arbiter.status().generation());
        assertEquals(List.of("nworkers_changed 0 -> 1", "nworkers_changed 1 -> 2"), events,
                "the running hooks still run, and TTIN counts from the running settings' workers, not 3");
        assertFalse(Files.exists(newLog), "the new settings' error log was never opened");
        FakeOs.Spawned added = awaitSpawned(2).get(1);
        assertArrayEquals(new int[] {fdOf("127.0.0.1:8001"), 1, 2, HEARTBEAT_FD}, added.fdMap(),
                "workers still get the running listeners");
    }

    @Test
    void aLoggingFailureClosesTheListenersTheReloadBound() throws Exception {
        start(config("-b", "127.0.0.1:8001"), HooksClass.NONE);
        os.ready(awaitSpawned(1).get(0));

        settings.set(config("-b", "127.0.0.1:8001", "-b", "127.0.0.1:8003", "--log-config",
                directory.resolve("missing.xml").toString()));
        os.send(Signal.HUP);
        await("8003 closed", () -> os.bound().size() == 2 && os.closed().contains(fdOf("127.0.0.1:8003")));
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(1, arbiter.status().generation());
        assertEquals(1, os.spawned().size(), "no new generation");
    }

    @Test
    void ttouAfterWinchStartsNoWorkerAndTtinStartsOne() throws Exception {
        start(config("-D", "-w", "2", "-b", "127.0.0.1:8001"), HooksClass.NONE);
        awaitSpawned(2).forEach(os::ready);
        os.send(Signal.WINCH);
        await("every worker stopped", () -> os.running().isEmpty());
        os.send(Signal.TTOU);
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(0, arbiter.status().targetWorkers());
        assertEquals(2, os.spawned().size(), "TTOU never starts a worker");

        os.send(Signal.TTIN);
        awaitSpawned(3);
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(1, arbiter.status().targetWorkers());
        assertEquals(3, os.spawned().size());
    }

    @Test
    void startUpBootsEveryWorkerAtOnceAndAReloadOneAtATime() throws Exception {
        start(config("-w", "3", "-b", "127.0.0.1:8001", "--worker-boot-concurrency", "1"), HooksClass.NONE);
        List<FakeOs.Spawned> first = awaitSpawned(3);
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(3, os.spawned().size(), "no worker serves yet: all three boot together");
        first.forEach(os::ready);

        os.send(Signal.HUP);
        FakeOs.Spawned young = awaitSpawned(4).get(3);
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(4, os.spawned().size(), "one worker of the new generation boots while the old ones serve");
        os.ready(young);
        FakeOs.Spawned failing = awaitSpawned(5).get(4);
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(5, os.spawned().size(), "the next boots once the first is ready");
        os.exit(failing, 1);
        FakeOs.Spawned retried = awaitSpawned(6).get(5);
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(6, os.spawned().size(), "a worker that failed to boot frees its turn, after the back-off");
        os.ready(retried);
        os.ready(awaitSpawned(7).get(6));
        await("the old generation retired", () -> first.stream().noneMatch(os.running()::contains));
        assertEquals(3, os.running().size());
    }

    @Test
    void aRespawnBesideServingWorkersWaitsItsTurnAndZeroTurnsTheLimitOff() throws Exception {
        start(config("-w", "3", "-b", "127.0.0.1:8001", "--worker-boot-concurrency", "1"), HooksClass.NONE);
        List<FakeOs.Spawned> first = awaitSpawned(3);
        first.forEach(os::ready);
        os.kill(first.get(0).pid(), Signal.KILL);
        os.kill(first.get(1).pid(), Signal.KILL);
        FakeOs.Spawned replacement = awaitSpawned(4).get(3);
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(4, os.spawned().size(), "one replacement at a time while a worker serves");
        os.ready(replacement);
        os.ready(awaitSpawned(5).get(4));

        settings.set(config("-w", "3", "-b", "127.0.0.1:8001", "--worker-boot-concurrency", "0"));
        os.send(Signal.HUP);
        awaitSpawned(8);
    }

    @Test
    void aSpawnThatThrowsGivesItsHeartbeatSlotBack() throws Exception {
        os.failNextSpawn(new IllegalStateException("a bug in the spawn"));
        start(config("-b", "127.0.0.1:8001"), HooksClass.NONE);
        FakeOs.Spawned worker = awaitSpawned(1).get(0);
        assertEquals(0, worker.slot(), "slot 0 was released when the first spawn threw");
        assertTrue(Arrays.stream(worker.fdMap()).anyMatch(fd -> fd == HEARTBEAT_FD));
    }

    @Test
    void aSpareBootsOnceTheWorkersAreReadyAndServesInPlaceOfOneThatDies() throws Exception {
        start(config("-w", "2", "-b", "127.0.0.1:8001", "--spare-workers", "1"), HooksClass.NONE);
        List<FakeOs.Spawned> workers = awaitSpawned(2);
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(2, os.spawned().size(), "no spare while the workers boot");
        workers.forEach(os::ready);
        FakeOs.Spawned spare = awaitSpawned(3).get(2);
        assertTrue(spare.variable("JUNICORN_WORKER_CONF").contains("\nspawn.spare=true\n"));
        assertTrue(workers.get(0).variable("JUNICORN_WORKER_CONF").contains("\nspawn.spare=false\n"));
        os.standBy(spare);

        os.kill(workers.get(0).pid(), Signal.KILL);
        await("the spare called to serve", () -> os.workerSignals().contains(spare.pid() + " USR2"));
        os.awaitIdle(WAIT_MILLIS);
        assertEquals(3, os.spawned().size(), "no worker spawned in the dead one's place, nor a spare before the "
                + "called one is ready");
        os.ready(spare);
        FakeOs.Spawned next = awaitSpawned(4).get(3);
        assertTrue(next.variable("JUNICORN_WORKER_CONF").contains("\nspawn.spare=true\n"), "a new spare");
        os.standBy(next);

        settings.set(config("-w", "2", "-b", "127.0.0.1:8001", "--spare-workers", "1"));
        os.send(Signal.HUP);
        await("the old generation's spare retired", () -> os.workerSignals().contains(next.pid() + " TERM"));
        List<FakeOs.Spawned> young = awaitSpawned(5).subList(4, 5);
        young.forEach(os::ready);
        os.ready(awaitSpawned(6).get(5));
        FakeOs.Spawned youngSpare = awaitSpawned(7).get(6);
        assertTrue(youngSpare.variable("JUNICORN_WORKER_CONF").contains("\nspawn.generation=2\nspawn.age=7\n"
                + "spawn.spare=true\n"));
        await("the old generation retired", () -> !os.running().contains(spare) && !os.running().contains(workers.get(1)));
    }
}
