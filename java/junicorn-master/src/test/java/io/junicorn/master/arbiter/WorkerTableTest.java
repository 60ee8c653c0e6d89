package io.junicorn.master.arbiter;

import io.junicorn.common.WorkerState;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The master's policy, without processes: a worker table, a clock, and what the heartbeats say. */
class WorkerTableTest {
    private static final long SECOND = 1_000_000_000L;
    private static final WorkerTable.Timeouts LIMITS = new WorkerTable.Timeouts(30_000, 10_000, 60_000);

    private final WorkerTable table = new WorkerTable();
    private final Map<Integer, WorkerState> states = new HashMap<>();
    private long age;

    private Worker spawn(int generation, long atNanos) {
        Worker worker = new Worker(1000 + (int) age, (int) age, generation, ++age, atNanos);
        table.add(worker);
        states.put(worker.slot, WorkerState.BOOTING);
        return worker;
    }

    private Worker spawnSpare(int generation, long atNanos) {
        Worker worker = new Worker(1000 + (int) age, (int) age, generation, ++age, atNanos, true);
        table.add(worker);
        states.put(worker.slot, WorkerState.BOOTING);
        return worker;
    }

    private void standBy(Worker... spares) {
        for (Worker spare : spares) {
            states.put(spare.slot, WorkerState.SPARE);
        }
        table.observe(states::get, 0);
    }

    private void ready(Worker... workers) {
        for (Worker worker : workers) {
            states.put(worker.slot, WorkerState.READY);
        }
        table.observe(states::get, 0);
    }

    @Test
    void spawnsUpToTheTargetAndRetiresTheOldestBeyondIt() {
        assertEquals(2, table.missing(1, 2));
        Worker first = spawn(1, 0);
        Worker second = spawn(1, 0);
        Worker third = spawn(1, 0);
        assertEquals(0, table.missing(1, 2));
        assertEquals(List.of(first), table.surplus(1, 2), "TTOU retires the oldest");
        first.stopSentNanos = 1;
        assertEquals(List.of(second, third), table.active(1));
        assertEquals(List.of(), table.surplus(1, 2));
    }

    @Test
    void whileAWorkerServesAtMostTheBootConcurrencyBootsAtOnce() {
        assertEquals(3, table.spawnable(1, 3, 1, false), "start-up: nobody serves, all boot");
        assertEquals(1, table.spawnable(1, 3, 1, true), "a new master beside the old one's workers (USR2)");
        Worker old1 = spawn(1, 0);
        Worker old2 = spawn(1, 0);
        assertEquals(1, table.spawnable(1, 3, 1, false), "still nobody serves");
        ready(old1, old2);
        assertEquals(1, table.spawnable(2, 2, 1, false), "a reload: one new worker at a time");
        assertEquals(2, table.spawnable(2, 2, 0, false), "0: no limit");
        assertEquals(2, table.spawnable(2, 2, 4, false), "never more than are missing");
        Worker new1 = spawn(2, 0);
        assertEquals(0, table.spawnable(2, 2, 1, false), "one boots already");
        assertEquals(1, table.spawnable(2, 2, 2, false));
        ready(new1);
        assertEquals(1, table.spawnable(2, 2, 1, false), "the next once the first is ready");
        Worker new2 = spawn(2, 0);
        new2.killSent = true;
        assertEquals(1, table.spawnable(2, 2, 1, false), "a worker killed for its boot timeout frees its turn");
    }

    @Test
    void aReloadRetiresTheOldGenerationOnlyWhenTheNewOneIsWhollyReady() {
        Worker old1 = spawn(1, 0);
        Worker old2 = spawn(1, 0);
        ready(old1, old2);
        Worker new1 = spawn(2, 0);
        Worker new2 = spawn(2, 0);
        assertEquals(List.of(), table.olderToRetire(2, 2), "nothing retires while the new workers boot");
        ready(new1);
        assertEquals(List.of(), table.olderToRetire(2, 2), "one ready new worker is not enough");
        ready(new2);
        assertEquals(List.of(old1, old2), table.olderToRetire(2, 2));
        assertEquals(1, table.servingOlderGeneration(2).getAsInt());
    }

    @Test
    void aFailedReloadFallsBackToTheGenerationThatServes() {
        Worker old = spawn(1, 0);
        ready(old);
        spawn(2, 0);
        assertEquals(1, table.servingOlderGeneration(2).getAsInt());
        old.stopSentNanos = 1;
        assertTrue(table.servingOlderGeneration(2).isEmpty(), "a retiring generation does not count");
    }

    @Test
    void aSilentReadyWorkerIsAbortedThenKilled() {
        Worker worker = spawn(1, 0);
        ready(worker);
        long now = 100 * SECOND;
        long lastTick = now / 1_000_000L - 29_000;
        assertEquals(List.of(), table.judge(now, w -> lastTick, g -> LIMITS));
        List<WorkerTable.Verdict> late = table.judge(now + 2 * SECOND, w -> lastTick, g -> LIMITS);
        assertEquals(1, late.size());
        assertEquals(WorkerTable.Action.ABORT, late.get(0).action());
        assertEquals("no heartbeat for 31000 ms", late.get(0).reason());
        worker.abortSentNanos = now + 2 * SECOND;
        assertEquals(List.of(), table.judge(now + 3 * SECOND, w -> lastTick, g -> LIMITS), "ABRT gets a grace");
        assertEquals(WorkerTable.Action.KILL, table.judge(now + 5 * SECOND, w -> lastTick, g -> LIMITS).get(0).action());
        worker.killSent = true;
        assertEquals(List.of(), table.judge(now + 9 * SECOND, w -> lastTick, g -> LIMITS), "KILL is sent once");
    }

    @Test
    void bootAndStopHaveTheirOwnLimitsAndTimeoutZeroIsOff() {
        Worker booting = spawn(1, 0);
        assertEquals(List.of(), table.judge(59 * SECOND, w -> 0, g -> LIMITS), "boot is not bounded by --timeout");
        assertEquals("did not boot within the boot timeout", table.judge(61 * SECOND, w -> 0, g -> LIMITS).get(0).reason());
        booting.stopSentNanos = 61 * SECOND;
        assertEquals(List.of(), table.judge(70 * SECOND, w -> 0, g -> LIMITS));
        assertEquals(List.of(), table.judge(72 * SECOND, w -> 0, g -> LIMITS), "a grace to exit after the graceful timeout");
        assertEquals("did not stop within the graceful timeout",
                table.judge(74 * SECOND, w -> 0, g -> LIMITS).get(0).reason());

        WorkerTable other = new WorkerTable();
        Worker ready = new Worker(7, 9, 1, 1, 0);
        other.add(ready);
        other.observe(slot -> WorkerState.READY, 0);
        assertEquals(List.of(), other.judge(1000 * SECOND, w -> 0, g -> new WorkerTable.Timeouts(0, 1, 1)));
    }

    @Test
    void aWorkerStoppingOnItsOwnCountsAsRetiring() {
        Worker worker = spawn(1, 0);
        ready(worker);
        states.put(worker.slot, WorkerState.STOPPING);
        table.observe(states::get, 5 * SECOND);
        assertEquals(5 * SECOND, worker.stopSentNanos);
        assertEquals(1, table.missing(1, 1), "its replacement is spawned at once (max-requests)");
    }
    @Test
    void aWorkerAboveTheMemoryLimitIsRecycledOnlyWhenItStaysAbove() {
        Worker big = spawn(1, 0);
        Worker small = spawn(1, 0);
        ready(big, small);
        Map<Worker, Long> pss = new HashMap<>(Map.of(big, 300L, small, 100L));
        assertTrue(table.overMemory(1, 256, pss::get, 0).isEmpty(), "just went above");
        pss.put(big, 200L);
        assertTrue(table.overMemory(1, 256, pss::get, 2 * SECOND).isEmpty(), "a burst that passed");
        pss.put(big, 300L);
        assertTrue(table.overMemory(1, 256, pss::get, 3 * SECOND).isEmpty());
        assertTrue(table.overMemory(1, 256, pss::get, 7 * SECOND).isEmpty(), "4 s above is not yet 5");
        assertEquals(big, table.overMemory(1, 256, pss::get, 8 * SECOND).orElseThrow());
    }

    @Test
    void workersAllAboveTheLimitAreRecycledOneAtATime() {
        Worker first = spawn(1, 0);
        Worker second = spawn(1, 0);
        ready(first, second);
        assertTrue(table.overMemory(1, 256, worker -> 300, 0).isEmpty());
        Worker recycled = table.overMemory(1, 256, worker -> 300, 6 * SECOND).orElseThrow();
        assertEquals(first, recycled, "the one longest above, then the oldest");
        recycled.retiredForMemory = true;
        recycled.stopSentNanos = 6 * SECOND;
        assertTrue(table.overMemory(1, 256, worker -> 300, 7 * SECOND).isEmpty(), "one is already being recycled");
        table.remove(recycled);
        Worker replacement = spawn(1, 7 * SECOND);
        assertTrue(table.overMemory(1, 256, worker -> 300, 8 * SECOND).isEmpty(), "its replacement still boots");
        ready(replacement);
        assertEquals(second, table.overMemory(1, 256, worker -> 300, 9 * SECOND).orElseThrow());
    }

    @Test
    void aBootingWorkersMemoryIsNotJudged() {
        Worker booting = spawn(1, 0);
        assertTrue(table.overMemory(1, 256, worker -> 300, 0).isEmpty());
        assertTrue(table.overMemory(1, 256, worker -> 300, 10 * SECOND).isEmpty());
        assertTrue(!booting.overMemory);
    }

    @Test
    void sparesBootOnlyOnceEveryWorkerIsReadyAndCountApartFromThem() {
        assertEquals(0, table.sparesSpawnable(1, 2, 1, 1), "no spare before the workers");
        Worker first = spawn(1, 0);
        Worker second = spawn(1, 0);
        assertEquals(0, table.sparesSpawnable(1, 2, 1, 1), "nor while they boot");
        ready(first);
        assertEquals(0, table.sparesSpawnable(1, 2, 1, 1));
        ready(second);
        assertEquals(1, table.sparesSpawnable(1, 2, 1, 1));
        assertEquals(2, table.sparesSpawnable(1, 2, 2, 0), "0: no boot limit");
        assertEquals(1, table.sparesSpawnable(1, 2, 2, 1), "worker_boot_concurrency holds for spares too");
        Worker spare = spawnSpare(1, 0);
        assertEquals(0, table.sparesSpawnable(1, 2, 1, 1));
        assertEquals(0, table.sparesSpawnable(1, 2, 2, 1), "one boots already");
        assertEquals(0, table.missing(1, 2), "a spare is not one of the workers");
        assertEquals(List.of(first, second), table.active(1));
        assertEquals(List.of(spare), table.spares(1));
        assertEquals(List.of(), table.surplus(1, 2));
        assertEquals(0, table.spawnable(1, 3, 1, false), "TTIN while a spare boots: its boot has the turn, and it is "
                + "called to serve once it has booted");
        assertEquals(1, table.spawnable(1, 3, 2, false));
        standBy(spare);
        assertEquals(1, table.sparesSpawnable(1, 2, 2, 1), "a standing-by spare has booted");
        assertFalse(table.anyBootingOrStopping(), "a standing-by spare keeps the loop at its idle tick");
    }

    @Test
    void aStandingBySpareServesInPlaceOfAMissingWorker() {
        Worker first = spawn(1, 0);
        Worker second = spawn(1, 0);
        ready(first, second);
        Worker booting = spawnSpare(1, 0);
        Worker standing = spawnSpare(1, 0);
        standBy(standing);
        assertEquals(List.of(), table.callSpares(1, 2), "no worker is missing");
        second.stopSentNanos = 1; // max_requests, a crash being reaped, --timeout
        assertEquals(List.of(standing), table.callSpares(1, 2), "only a spare that has booted");
        assertFalse(standing.spare);
        assertEquals(List.of(first, standing), table.active(1), "it counts as a worker at once");
        assertEquals(0, table.missing(1, 2));
        assertEquals(List.of(booting), table.spares(1));
        assertEquals(1, table.spawnable(1, 3, 2, false), "TTIN with no spare standing by spawns");
        assertEquals(List.of(), table.callSpares(1, 3), "a booting spare is not called");
    }

    @Test
    void aReloadOrAFallingTargetRetiresTheSparesBeyondIt() {
        Worker worker = spawn(1, 0);
        ready(worker);
        Worker oldest = spawnSpare(1, 0);
        Worker youngest = spawnSpare(1, 0);
        standBy(oldest, youngest);
        assertEquals(List.of(), table.surplusSpares(1, 2));
        assertEquals(List.of(youngest), table.surplusSpares(1, 1), "spare_workers lowered: the youngest go");
        assertEquals(List.of(oldest, youngest), table.surplusSpares(1, 0));
        assertEquals(List.of(oldest, youngest), table.surplusSpares(2, 1), "a new generation's spares replace them");
        assertEquals(List.of(), table.callSpares(2, 1), "an old generation's spare never serves the new one");
    }

    @Test
    void aStandingBySpareIsWatchedByTheTimeoutAndABootingOneByTheBootTimeout() {
        Worker booting = spawnSpare(1, 0);
        Worker standing = spawnSpare(1, 0);
        standBy(standing);
        long now = 100 * SECOND;
        List<WorkerTable.Verdict> verdicts = table.judge(now, worker -> 0, generation -> LIMITS);
        assertEquals(2, verdicts.size());
        assertEquals(new WorkerTable.Verdict(booting, WorkerTable.Action.KILL, "did not boot within the boot timeout"),
                verdicts.get(0));
        assertEquals(standing, verdicts.get(1).worker());
        assertEquals(WorkerTable.Action.ABORT, verdicts.get(1).action(), "a silent spare is aborted as a worker is");
        assertEquals(List.of(), table.judge(now, worker -> now / 1_000_000L, generation -> LIMITS).stream()
                .filter(v -> v.worker() == standing).toList(), "a ticking spare is left alone");
    }
}
