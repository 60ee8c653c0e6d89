package io.junicorn.master.arbiter;

import io.junicorn.master.os.NativeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the master tells systemd (sd_notify, for {@code Type=notify}): READY=1 once a generation's workers all
 * serve, RELOADING=1 with MONOTONIC_USEC on a reload, STOPPING=1 at shutdown, STATUS= when the picture changes,
 * MAINPID= from a master started by a USR2 upgrade, and WATCHDOG=1 when the unit sets WatchdogSec=. Without
 * NOTIFY_SOCKET the sink sends nothing.
 */
final class SystemdNotifier {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

    /** Where the messages go: libjunicorn's jn_sd_notify in the master, a list in tests. */
    interface Sink {
        void send(String state) throws NativeException;
    }

    private final Sink sink;
    private String mainPid;
    private boolean ready;
    private boolean silent;
    private String status = "";
    private long watchdogNanos;
    private long lastWatchdogNanos;

    /**
     * @param upgradedFrom the pid of the master that re-executed this one (JUNICORN_PID), or 0: a new master
     *                     tells systemd it is the main process now, with its first READY=1
     */
    SystemdNotifier(Sink sink, long pid, long upgradedFrom) {
        this.sink = sink;
        this.mainPid = upgradedFrom > 0 && upgradedFrom != pid ? "MAINPID=" + pid + "\n" : "";
    }

    /**
     * systemd's watchdog (sd_watchdog_enabled(3)): WATCHDOG_USEC set by a unit with WatchdogSec=, and WATCHDOG_PID
     * absent or this process. Pings go out from the arbiter loop itself, so a master whose loop is stuck stops
     * sending them and systemd restarts the service (gunicorn #2726).
     */
    void enableWatchdog(java.util.Map<String, String> environment, long pid) {
        String usec = environment.getOrDefault("WATCHDOG_USEC", "");
        String watchdogPid = environment.get("WATCHDOG_PID");
        if (usec.matches("[1-9][0-9]{0,15}") && (watchdogPid == null || watchdogPid.equals(Long.toString(pid)))) {
            watchdogNanos = Long.parseLong(usec) * 1000;
            log.info("systemd watchdog: WATCHDOG=1 every {} ms while the master loop turns", watchdogNanos / 2_000_000);
        }
    }

    /** Every loop turn: WATCHDOG=1 once half the watchdog interval has passed since the last one, as systemd advises. */
    void watchdog(long nowNanos) {
        if (watchdogNanos > 0 && (lastWatchdogNanos == 0 || nowNanos - lastWatchdogNanos >= watchdogNanos / 2)) {
            lastWatchdogNanos = nowNanos;
            send("WATCHDOG=1");
        }
    }

    /**
     * Every loop turn: READY=1 the first time the current generation has its target of workers ready since the
     * start or the last reload, otherwise STATUS= when the text changed.
     */
    void observe(int generation, int readyWorkers, int target) {
        String text = readyWorkers >= target
                ? target + (target == 1 ? " worker" : " workers") + ", generation " + generation
                : readyWorkers + " of " + target + " workers ready, generation " + generation;
        if (!ready && readyWorkers >= target) {
            ready = true;
            status = text;
            send(mainPid + "READY=1\nSTATUS=" + text);
            mainPid = "";
        } else if (!text.equals(status)) {
            status = text;
            send("STATUS=" + text);
        }
    }

    /** HUP: systemd wants MONOTONIC_USEC in the same datagram as RELOADING=1 (systemd.service(5), notify-reload). */
    void reloading(long monotonicMicros) {
        ready = false;
        status = "reloading";
        send("RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros + "\nSTATUS=reloading");
    }

    /** A reload that failed leaves the running generation serving: the reload is over, the service ready. */
    void reloadFailed(int servingGeneration) {
        ready = true;
        status = "reload failed; generation " + servingGeneration + " keeps serving";
        send("READY=1\nSTATUS=" + status);
    }

    void stopping() {
        send("STOPPING=1\nSTATUS=stopping");
    }

    /**
     * After a USR2 upgrade the new master is systemd's main process and speaks for the service: this (old) master
     * must not send STOPPING=1 when it is then told to stop, or systemd would stop the service.
     */
    void handOver() {
        silent = true;
    }

    private void send(String state) {
        if (silent) {
            return;
        }
        try {
            sink.send(state);
        } catch (NativeException e) {
            log.warn("sd_notify failed: {}", e.getMessage());
        }
    }
}
