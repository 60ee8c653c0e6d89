package io.junicorn.master.arbiter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each worker's -Xmx is sized for N workers, never HotSpot's 25 % of RAM for each. */
class WorkerHeapTest {

    @Test
    void explicitSizes() {
        assertEquals(512, WorkerSpawner.heapMiB("512m", 4));
        assertEquals(2048, WorkerSpawner.heapMiB("2G", 4));
        assertEquals(1, WorkerSpawner.heapMiB("100k", 4));
    }

    @Test
    void autoSharesHalfTheMemoryAmongTheWorkers() {
        long one = WorkerSpawner.heapMiB("auto", 1);
        long four = WorkerSpawner.heapMiB("auto", 4);
        assertTrue(one >= 64);
        assertTrue(four >= 64);
        assertTrue(four <= Math.max(64, one / 4 + 1), one + " MiB for one worker, " + four + " MiB each for four");
    }
}
