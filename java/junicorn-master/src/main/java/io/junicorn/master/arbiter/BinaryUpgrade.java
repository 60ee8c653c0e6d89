package io.junicorn.master.arbiter;

import io.junicorn.master.os.Credentials;
import io.junicorn.master.os.ExitInfo;
import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * USR2, Unicorn's binary upgrade (research: anchor-prefork-jvm A6, anchor-gunicorn 3.10): the master starts the
 * launcher found on disk now, with its original arguments and environment plus JUNICORN_FD (the listeners, at
 * fds 3, 4, ...) and JUNICORN_PID (this master). The new master adopts those listeners and writes the pidfile,
 * which this one moved to PIDFILE.oldbin; both serve until the operator sends TERM to the old one. If the new
 * master dies first, the old one moves .oldbin back. The new master is this one's child, reaped by pid.
 */
final class BinaryUpgrade {
    /** Fixed names: the systemd integration reads them too (MAINPID=). */
    static final String FD_VARIABLE = "JUNICORN_FD";
    static final String PID_VARIABLE = "JUNICORN_PID";
    private static final int FIRST_LISTENER_FD = 3;
    private static final Logger log = LoggerFactory.getLogger(BinaryUpgrade.class);

    private final Os os;
    private final List<String> args;
    private final Map<String, String> environment;
    private int childPid;
    /** The old master that re-executed this one (JUNICORN_PID), or 0. */
    private final long upgradedFrom;
    /** The old master until it exits and this one is promoted, then 0. */
    private long parentPid;
    private Path pidfileBefore;

    BinaryUpgrade(Os os, List<String> args, Map<String, String> environment) {
        this.os = os;
        this.args = List.copyOf(args);
        this.environment = environment;
        String parent = environment.getOrDefault(PID_VARIABLE, "");
        this.upgradedFrom = parent.matches("[1-9][0-9]{0,9}") ? Long.parseLong(parent) : 0;
        this.parentPid = upgradedFrom;
    }

    /** The old master's pid when a USR2 upgrade started this master, else 0; it stays after the promotion. */
    long upgradedFrom() {
        return upgradedFrom;
    }

    /** Whether this is a new master whose old one still runs, and so still serves with its workers. */
    boolean oldMasterServes() {
        return parentPid != 0;
    }

    /** The listeners an old master handed over (fd to its address), empty when this master was not re-executed. */
    Map<Integer, String> inheritedListeners() {
        Map<Integer, String> inherited = new LinkedHashMap<>();
        for (String fd : environment.getOrDefault(FD_VARIABLE, "").split(",")) {
            if (fd.matches("[0-9]{1,7}")) {
                try {
                    inherited.put(Integer.parseInt(fd), os.describeListener(Integer.parseInt(fd)));
                } catch (NativeException e) {
                    log.error("{}={}: ignoring fd {}: {}", FD_VARIABLE, environment.get(FD_VARIABLE), fd, e.getMessage());
                }
            }
        }
        return inherited;
    }

    boolean childRunning() {
        return childPid != 0;
    }

    /**
     * Starts the new master. Refused while one started earlier runs, and while this master is itself a new master
     * whose old one still runs (gunicorn's "Parent exists"), so there are never three.
     */
    void start(Pidfile pidfile, List<Listener> listeners, Runnable preExec) {
        if (childPid != 0) {
            log.warn("USR2 signal ignored. Child exists (pid:{}).", childPid);
            return;
        }
        if (parentPid != 0) {
            log.warn("USR2 signal ignored. Parent exists (pid:{}): this master is not promoted yet.", parentPid);
            return;
        }
        if (pidfile != null && !moveAside(pidfile)) {
            return;
        }
        preExec.run();
        String launcher = launcher();
        try {
            childPid = os.spawn(launcher, argv(), environment(listeners.size()), fdMap(listeners),
                    new Credentials(null, null, false, -1, System.getProperty("junicorn.start_dir"), 0));
            log.info("Re-executing {}: new master (pid:{}) inherits {} listeners", launcher, childPid, listeners.size());
        } catch (NativeException e) {
            log.error("USR2: cannot start a new master: {}", e.getMessage());
            restore(pidfile);
        }
    }

    /** Reaps the new master if it exited: the upgrade failed or was rolled back, so the pidfile is this one's again. */
    Optional<ExitInfo> reap(Pidfile pidfile) throws NativeException {
        if (childPid == 0) {
            return Optional.empty();
        }
        Optional<ExitInfo> exit = os.reap(childPid);
        if (exit.isPresent()) {
            log.error("The new master (pid:{}) exited ({}); this master stays in charge", childPid, exit.get());
            childPid = 0;
            restore(pidfile);
        }
        return exit;
    }

    /** The new master: once the old one has exited, this one is the only master (gunicorn's maybe_promote_master). */
    boolean checkPromotion() {
        if (parentPid == 0 || ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L) == parentPid) {
            return false;
        }
        log.info("Master has been promoted (the old master, pid:{}, exited).", parentPid);
        parentPid = 0;
        return true;
    }

    private boolean moveAside(Pidfile pidfile) {
        Path oldbin = Path.of(pidfile.path() + ".oldbin");
        try {
            pidfileBefore = pidfile.path();
            pidfile.moveTo(oldbin);
            return true;
        } catch (IOException e) {
            log.error("USR2 ignored: cannot rename the pidfile to {}: {}", oldbin, e.getMessage());
            return false;
        }
    }

    private void restore(Pidfile pidfile) {
        if (pidfile == null || pidfileBefore == null) {
            return;
        }
        try {
            pidfile.moveTo(pidfileBefore);
        } catch (IOException e) {
            log.error("cannot rename the pidfile back to {}: {}", pidfileBefore, e.getMessage());
        }
        pidfileBefore = null;
    }

    /**
     * The launcher as the operator named it, resolved now: a deployment that replaced the file, or switched a
     * symlink such as /opt/app/current, starts the new binary. The running one when that fails.
     */
    private static String launcher() {
        String command = System.getProperty("junicorn.command", "");
        try {
            if (command.contains("/")) {
                return Path.of(command).toRealPath().toString();
            }
            for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path candidate = Path.of(directory.isEmpty() ? "." : directory, command);
                if (!command.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate.toRealPath().toString();
                }
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            log.warn("USR2: cannot resolve {} ({}); re-executing the running launcher", command, e.getMessage());
        }
        return System.getProperty("junicorn.launcher");
    }

    private List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(System.getProperty("junicorn.command", "junicorn"));
        argv.addAll(args);
        return argv;
    }

    private List<String> environment(int listeners) {
        List<String> variables = new ArrayList<>();
        System.getenv().forEach((name, value) -> {
            if (!name.equals(FD_VARIABLE) && !name.equals(PID_VARIABLE)) {
                variables.add(name + "=" + value);
            }
        });
        List<String> fds = new ArrayList<>();
        for (int i = 0; i < listeners; i++) {
            fds.add(Integer.toString(FIRST_LISTENER_FD + i));
        }
        variables.add(FD_VARIABLE + "=" + String.join(",", fds));
        variables.add(PID_VARIABLE + "=" + ProcessHandle.current().pid());
        return variables;
    }

    /** 0, 1, 2 as the master's (a closed one becomes /dev/null), then the listeners from fd 3. */
    private static int[] fdMap(List<Listener> listeners) {
        int[] map = new int[FIRST_LISTENER_FD + listeners.size()];
        for (int fd = 0; fd < FIRST_LISTENER_FD; fd++) {
            map[fd] = Files.exists(Path.of("/proc/self/fd/" + fd)) ? fd : -1;
        }
        for (int i = 0; i < listeners.size(); i++) {
            map[FIRST_LISTENER_FD + i] = listeners.get(i).fd();
        }
        return map;
    }
}
