package io.junicorn.master.arbiter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The back-off after failed spawns and early exits, and what TTIN and TTOU do to the target. */
class SpawnPolicyTest {
    private static final long MILLI = 1_000_000L;

    @Test
    void oneBackOffDoublingFromATenthOfASecondToTenSeconds() {
        assertEquals(100 * MILLI, SpawnPolicy.backoffNanos(1));
        assertEquals(200 * MILLI, SpawnPolicy.backoffNanos(2));
        assertEquals(6_400 * MILLI, SpawnPolicy.backoffNanos(7));
        assertEquals(10_000 * MILLI, SpawnPolicy.backoffNanos(8));
        assertEquals(10_000 * MILLI, SpawnPolicy.backoffNanos(1_000));
    }

    @Test
    void aFailureHoldsTheNextSpawnUntilItsDelayHasPassed() {
        SpawnPolicy policy = new SpawnPolicy();
        long now = -5 * MILLI; // nanoTime may be negative
        assertTrue(policy.maySpawn(now));
        assertEquals(100 * MILLI, policy.failed(now));
        assertFalse(policy.maySpawn(now + 99 * MILLI));
        assertTrue(policy.maySpawn(now + 100 * MILLI));
        assertEquals(200 * MILLI, policy.failed(now + 100 * MILLI), "a failed spawn and an early exit count alike");
        policy.succeeded();
        assertEquals(0, policy.failures());
        assertFalse(policy.maySpawn(now + 200 * MILLI), "a ready worker does not cut the delay in force");
        assertEquals(100 * MILLI, policy.failed(now + 300 * MILLI), "but the next failure starts a new series");
        policy.reset();
        assertTrue(policy.maySpawn(now + 300 * MILLI), "a reload spawns at once");
    }

    @Test
    void ttouNeverGoesBelowOneNorStartsAWorkerAfterWinch() {
        assertEquals(2, SpawnPolicy.fewer(3, 1));
        assertEquals(1, SpawnPolicy.fewer(3, 5));
        assertEquals(1, SpawnPolicy.fewer(1, 1));
        assertEquals(0, SpawnPolicy.fewer(0, 1), "after WINCH the target stays 0");
    }
}
