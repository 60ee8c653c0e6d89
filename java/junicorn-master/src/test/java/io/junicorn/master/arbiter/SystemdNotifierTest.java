package io.junicorn.master.arbiter;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What systemd is told, and when: the messages of a start, a reload, a failed reload and a stop. */
class SystemdNotifierTest {
    private final List<String> sent = new ArrayList<>();

    @Test
    void readyOnceTheFirstGenerationServes() {
        SystemdNotifier notifier = new SystemdNotifier(sent::add, 100, 0);
        notifier.observe(1, 0, 2);
        notifier.observe(1, 1, 2);
        notifier.observe(1, 1, 2);
        notifier.observe(1, 2, 2);
        notifier.observe(1, 2, 2);
        notifier.observe(1, 1, 2); // a worker died
        assertEquals(List.of("STATUS=0 of 2 workers ready, generation 1", "STATUS=1 of 2 workers ready, generation 1",
                "READY=1\nSTATUS=2 workers, generation 1", "STATUS=1 of 2 workers ready, generation 1"), sent);
    }

    @Test
    void reloadIsReadyAgainWhenTheNewGenerationServes() {
        SystemdNotifier notifier = new SystemdNotifier(sent::add, 100, 0);
        notifier.observe(1, 1, 1);
        notifier.reloading(123456);
        notifier.observe(2, 0, 1);
        notifier.observe(2, 1, 1);
        assertEquals(List.of("READY=1\nSTATUS=1 worker, generation 1",
                "RELOADING=1\nMONOTONIC_USEC=123456\nSTATUS=reloading",
                "STATUS=0 of 1 workers ready, generation 2",
                "READY=1\nSTATUS=1 worker, generation 2"), sent);
    }

    @Test
    void failedReloadIsReadyWithTheOldGeneration() {
        SystemdNotifier notifier = new SystemdNotifier(sent::add, 100, 0);
        notifier.observe(1, 1, 1);
        notifier.reloading(5);
        notifier.reloadFailed(1);
        notifier.observe(1, 1, 1);
        notifier.stopping();
        assertEquals(List.of("READY=1\nSTATUS=1 worker, generation 1", "RELOADING=1\nMONOTONIC_USEC=5\nSTATUS=reloading",
                "READY=1\nSTATUS=reload failed; generation 1 keeps serving", "STATUS=1 worker, generation 1",
                "STOPPING=1\nSTATUS=stopping"), sent);
    }

    @Test
    void upgradedMasterClaimsMainPidWithItsFirstReady() {
        SystemdNotifier notifier = new SystemdNotifier(sent::add, 200, 100);
        notifier.observe(1, 1, 1);
        notifier.reloading(7);
        notifier.observe(2, 1, 1);
        assertEquals("MAINPID=200\nREADY=1\nSTATUS=1 worker, generation 1", sent.get(0));
        assertEquals("READY=1\nSTATUS=1 worker, generation 2", sent.get(2));
    }

    @Test
    void handedOverMasterIsSilent() {
        SystemdNotifier notifier = new SystemdNotifier(sent::add, 100, 0);
        notifier.handOver();
        notifier.observe(1, 1, 1);
        notifier.stopping();
        assertEquals(List.of(), sent);
    }

    @Test
    void watchdogPingsAtHalfTheIntervalOnlyWhenTheUnitAsksForThis() {
        List<String> sent = new ArrayList<>();
        SystemdNotifier notifier = new SystemdNotifier(sent::add, 100, 0);
        notifier.watchdog(1_000_000_000L);
        notifier.enableWatchdog(java.util.Map.of("WATCHDOG_USEC", "4000000", "WATCHDOG_PID", "99"), 100);
        notifier.watchdog(2_000_000_000L);
        assertEquals(List.of(), sent, "no WatchdogSec=, or meant for another process");

        notifier.enableWatchdog(java.util.Map.of("WATCHDOG_USEC", "4000000"), 100);
        notifier.watchdog(10_000_000_000L);
        notifier.watchdog(11_999_999_999L);
        notifier.watchdog(12_000_000_000L);
        assertEquals(List.of("WATCHDOG=1", "WATCHDOG=1"), sent);
    }
}
