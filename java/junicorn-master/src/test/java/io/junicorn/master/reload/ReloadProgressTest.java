package io.junicorn.master.reload;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.junicorn.master.reload.ReloadProgress.Outcome.DONE;
import static io.junicorn.master.reload.ReloadProgress.Outcome.NEW_WORKERS_GONE;
import static io.junicorn.master.reload.ReloadProgress.Outcome.NO_NEW_WORKER;
import static io.junicorn.master.reload.ReloadProgress.Outcome.PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** junicorn reload's verdict from the master's workers before and after the HUP, and a clock. */
class ReloadProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void doneWhenNewWorkersServeAndTheOldAreGone() {
        ReloadProgress progress = new ReloadProgress(Set.of(10L, 11L), 0);
        assertEquals(PENDING, progress.judge(Set.of(10L, 11L), SECOND));
        assertEquals(PENDING, progress.judge(Set.of(10L, 11L, 20L, 21L), 2 * SECOND));
        assertEquals(PENDING, progress.judge(Set.of(11L, 20L, 21L), 3 * SECOND));
        assertEquals(DONE, progress.judge(Set.of(20L, 21L), 4 * SECOND));
    }

    @Test
    void noNewWorkerMeansTheSettingsFailed() {
        ReloadProgress progress = new ReloadProgress(Set.of(10L), 0);
        assertEquals(PENDING, progress.judge(Set.of(10L), ReloadProgress.NO_NEW_WORKER_NANOS));
        assertEquals(NO_NEW_WORKER, progress.judge(Set.of(10L), ReloadProgress.NO_NEW_WORKER_NANOS + 1));
    }

    @Test
    void newWorkersGoneForLongerThanTheBackOffMeansARollback() {
        ReloadProgress progress = new ReloadProgress(Set.of(10L), 0);
        assertEquals(PENDING, progress.judge(Set.of(10L, 20L), SECOND));
        assertEquals(PENDING, progress.judge(Set.of(10L), SECOND + ReloadProgress.NEW_WORKERS_GONE_NANOS));
        assertEquals(PENDING, progress.judge(Set.of(10L, 21L), 12 * SECOND)); // a respawn after back-off
        assertEquals(NEW_WORKERS_GONE, progress.judge(Set.of(10L), 12 * SECOND + ReloadProgress.NEW_WORKERS_GONE_NANOS + 1));
    }

    @Test
    void aMasterWithoutWorkersIsDoneOnceOneStarts() {
        ReloadProgress progress = new ReloadProgress(Set.of(), 0);
        assertEquals(DONE, progress.judge(Set.of(20L), SECOND));
    }
}
