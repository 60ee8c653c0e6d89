package io.junicorn.master.reload;

import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;
import io.junicorn.master.os.Signal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code junicorn reload [--timeout S] (PID | --pid FILE)}, for systemd's {@code ExecReload=}: sends HUP to the
 * master and waits until its new generation serves and the old one has exited ({@link ReloadProgress}), or the
 * reload failed. Runs in the launcher's master-mode JVM without an arbiter. Exit statuses: 0 reloaded, 1 failed or
 * timed out, 2 bad usage.
 */
public final class ReloadCommand {
    static final String USAGE = "usage: junicorn reload [--timeout SECONDS] (PID | --pid PIDFILE)";
    private static final long DEFAULT_TIMEOUT_SECONDS = 90;
    private static final long POLL_MILLIS = 50;
    private static final String MASTER_TITLE = "junicorn: master";
    private static final String WORKER_TITLE = "junicorn: worker";

    private final PrintStream out;
    private final PrintStream err;

    ReloadCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Arguments after {@code reload}; returns the exit status. */
    public static int run(List<String> args) {
        return new ReloadCommand(System.out, System.err).execute(args, () -> Os.load(Path.of(System.getProperty("junicorn.home"))));
    }

    interface OsLoader {
        Os load();
    }

    record Invocation(long pid, long timeoutSeconds) {
    }

    int execute(List<String> args, OsLoader osLoader) {
        Invocation invocation;
        try {
            invocation = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("junicorn reload: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return reload(invocation, osLoader.load());
        } catch (ReloadFailed e) {
            err.println("junicorn reload: " + e.getMessage());
            return 1;
        }
    }

    static Invocation parse(List<String> args) {
        Long pid = null;
        long timeout = DEFAULT_TIMEOUT_SECONDS;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--timeout" -> timeout = positive(value(args, ++i, arg), arg);
                case "--pid" -> pid = pidFrom(Path.of(value(args, ++i, arg)));
                default -> {
                    if (pid != null || !arg.matches("[1-9][0-9]{0,9}")) {
                        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                    }
                    pid = Long.parseLong(arg);
                }
            }
        }
        if (pid == null) {
            throw new IllegalArgumentException("which master? give its PID or --pid PIDFILE");
        }
        return new Invocation(pid, timeout);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    private static long positive(String text, String option) {
        if (!text.matches("[1-9][0-9]{0,6}")) {
            throw new IllegalArgumentException(option + " " + text + ": must be a whole number of seconds, at least 1");
        }
        return Long.parseLong(text);
    }

    private static long pidFrom(Path pidfile) {
        try {
            String text = Files.readString(pidfile, StandardCharsets.US_ASCII).trim();
            if (!text.matches("[1-9][0-9]{0,9}")) {
                throw new IllegalArgumentException("pid file " + pidfile + " holds '" + text + "', not a pid");
            }
            return Long.parseLong(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read pid file " + pidfile + ": " + e);
        }
    }

    private int reload(Invocation invocation, Os os) {
        long pid = invocation.pid();
        ProcessHandle master = ProcessHandle.of(pid).orElseThrow(() -> new ReloadFailed("no process " + pid));
        Optional<Instant> started = master.info().startInstant();
        String title = commandLine(pid);
        if (!title.startsWith(MASTER_TITLE)) {
            throw new ReloadFailed("process " + pid + " is not a junicorn master (its command line is '" + title + "')");
        }
        Set<Long> before = workers(master);
        long hupNanos = System.nanoTime();
        try {
            os.kill((int) pid, Signal.HUP);
        } catch (NativeException e) {
            throw new ReloadFailed("cannot send HUP to " + pid + ": " + e.getMessage());
        }
        ReloadProgress progress = new ReloadProgress(before, hupNanos);
        long deadline = hupNanos + invocation.timeoutSeconds() * 1_000_000_000L;
        while (true) {
            if (!master.isAlive() || !master.info().startInstant().equals(started)) {
                throw new ReloadFailed("master " + pid + " exited during the reload; see its log");
            }
            Set<Long> now = workers(master);
            switch (progress.judge(now, System.nanoTime())) {
                case DONE -> {
                    out.println("junicorn reload: master " + pid + " reloaded; workers " + text(now) + " serve");
                    return 0;
                }
                case NO_NEW_WORKER -> throw new ReloadFailed("master " + pid + " started no new worker: the reload "
                        + "failed (settings, hooks or listeners; see its log) and the running workers keep serving");
                case NEW_WORKERS_GONE -> throw new ReloadFailed("the new workers of master " + pid + " stopped: the "
                        + "reload failed (the application could not boot; see its log) and the old workers keep serving");
                case PENDING -> { }
            }
            if (System.nanoTime() > deadline) {
                throw new ReloadFailed("master " + pid + " did not finish the reload within " + invocation.timeoutSeconds()
                        + " s; workers from before it still run: " + text(progress.remaining(now)));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                throw new ReloadFailed("interrupted");
            }
        }
    }

    /** The master's children that are workers: their argv is their title (hooks may start other children). */
    private static Set<Long> workers(ProcessHandle master) {
        return master.children().map(ProcessHandle::pid).filter(child -> commandLine(child).startsWith(WORKER_TITLE))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ').trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String text(Set<Long> pids) {
        return pids.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    private static final class ReloadFailed extends RuntimeException {
        ReloadFailed(String message) {
            super(message);
        }
    }
}
