package io.junicorn.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real junicorn master started from dist/bin/junicorn, its error log captured to a file. Every wait has
 * a deadline; {@link #close()} kills, by pid, whatever this test started and is still alive. Every master
 * and worker seen is also recorded for the whole test JVM: {@link #leftAlive} lists those still running
 * (NoProcessLeftTest fails on them after the suite), and a shutdown hook kills them, so a test that forgot
 * to stop its server cannot leave it running after the build.
 */
final class Junicorn implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("junicorn.dist", "../dist")).toAbsolutePath().normalize();
    static final String HELLO_JAR = DIST.resolve("examples/hello.jar").toString();
    static final String HELLO = "io.junicorn.examples.Hello";
    private static final Pattern LISTENING = Pattern.compile("Listening at: https?://127\\.0\\.0\\.1:(\\d+) ");
    private static final Pattern LISTENING_IPV6 = Pattern.compile("Listening at: https?://\\[::1\\]:(\\d+) \\(\\d+\\)");

    /**
     * Every process a test started, as handles: a handle knows its process's start time, so a pid reused by
     * another process after ours exited is neither reported nor killed.
     */
    private static final Set<ProcessHandle> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Junicorn::killLeftAlive, "junicorn-e2e-reaper"));
    }

    private final Process process;
    private final Path log;
    private final Set<ProcessHandle> seen = new java.util.HashSet<>();

    private Junicorn(Process process, Path log) {
        this.process = process;
        this.log = log;
        STARTED.add(process.toHandle());
    }

    /**
     * Records a process a test started some other way (a daemonized master, found by its pid file), so the
     * leak check and the shutdown hook cover it too.
     */
    static void record(long pid) {
        ProcessHandle.of(pid).ifPresent(STARTED::add);
    }

    /**
     * The recorded processes still alive once {@code grace} has passed (a killed worker takes a moment to go),
     * each with its command line.
     */
    static List<String> leftAlive(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (STARTED.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return STARTED.stream().filter(ProcessHandle::isAlive)
                .map(h -> h.pid() + " " + h.info().commandLine().orElse("(command line unknown)")).sorted().toList();
    }

    /** Kills every recorded process still alive, and their descendants, by handle. */
    static void killLeftAlive() {
        for (ProcessHandle handle : STARTED) {
            if (handle.isAlive()) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            }
        }
    }

    /** Starts the master bound to an ephemeral port on 127.0.0.1 serving the Hello app, plus extra args. */
    static Junicorn hello(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-b", "127.0.0.1:0", "--class-path", HELLO_JAR));
        args.addAll(List.of(extra));
        args.add(HELLO);
        return start(args);
    }

    static Junicorn start(List<String> args) throws IOException {
        return start(List.of(), args, java.util.Map.of());
    }

    /**
     * Starts dist/bin/junicorn under a wrapper command (systemd-socket-activate, unshare; empty for none), with extra
     * environment variables.
     */
    static Junicorn start(List<String> wrapper, List<String> args, java.util.Map<String, String> environment)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.add(DIST.resolve("bin/junicorn").toString());
        command.addAll(args);
        Path log = Files.createTempFile("junicorn-e2e-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("JUNICORN_CMD_ARGS");
        builder.environment().putAll(environment);
        return new Junicorn(builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the error log matches the pattern; returns the first match. */
    Matcher awaitLog(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        Matcher[] found = new Matcher[1];
        awaitShowingLog("log line /" + regex + "/", timeout, () -> {
            Matcher matcher = pattern.matcher(log());
            if (matcher.find()) {
                found[0] = matcher;
                return true;
            }
            return false;
        });
        return found[0];
    }

    int port() {
        return Integer.parseInt(awaitLog(LISTENING.pattern(), Duration.ofSeconds(20)).group(1));
    }

    /** The port of the listener on {@code ip} (an IPv4 literal), from the master's "Listening at:" line. */
    int port(String ip) {
        return Integer.parseInt(awaitLog("Listening at: https?://" + Pattern.quote(ip) + ":(\\d+) \\(\\d+\\)",
                Duration.ofSeconds(20)).group(1));
    }

    /** Starts {@code junicorn reload --timeout 60 PID} for this master, its output and errors together. */
    Process reloadCommand() throws IOException {
        return new ProcessBuilder(DIST.resolve("bin/junicorn").toString(), "reload", "--timeout", "60",
                Long.toString(pid())).redirectErrorStream(true).start();
    }

    /** The port of the {@code [::1]} listener, from the master's "Listening at: http(s)://[::1]:PORT (PID)". */
    int ipv6Port() {
        return Integer.parseInt(awaitLog(LISTENING_IPV6.pattern(), Duration.ofSeconds(20)).group(1));
    }

    /** The master's live child processes: its workers. */
    List<Long> workerPids() {
        List<ProcessHandle> workers = ProcessHandle.of(pid()).stream().flatMap(ProcessHandle::children)
                .filter(ProcessHandle::isAlive).toList();
        seen.addAll(workers);
        STARTED.addAll(workers);
        return workers.stream().map(ProcessHandle::pid).sorted().collect(Collectors.toList());
    }

    /** Waits until exactly n workers exist and each of them has answered /pid, so all n serve. */
    List<Long> awaitServingWorkers(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        await(n + " workers", timeout, () -> workerPids().size() == n);
        Set<Long> answered = new java.util.HashSet<>();
        await(n + " workers answering", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), () -> {
            List<Long> pids = workerPids();
            try {
                answered.add(Long.parseLong(Http.get(port(), "/pid").body()));
            } catch (IOException e) {
                return false;
            }
            answered.retainAll(pids);
            return pids.size() == n && answered.containsAll(pids);
        });
        return workerPids();
    }

    void signal(String name) throws IOException, InterruptedException {
        signal(pid(), name);
    }

    static void signal(long pid, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid)).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -s " + name + " " + pid);
    }

    /** Waits for the master to exit; returns its status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("master did not exit within " + timeout + "; log:\n" + log());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** As {@link #await}, with this master's log in the failure's message. */
    void awaitShowingLog(String what, Duration timeout, BooleanSupplier condition) {
        try {
            await(what, timeout, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the master's log:\n" + log(), e);
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** TERM, then a clean exit (status 0 within 40 s) with no error in the log but those {@code expected}. */
    void stopCleanly(String... expected) throws IOException, InterruptedException {
        signal("TERM");
        assertEquals(0, awaitExit(Duration.ofSeconds(40)), "exit status after TERM");
        assertNoUnexpectedErrors(expected);
    }

    /** Lines at ERROR level other than those the test expects: the log must be clean (nginx-tests' rule). */
    void assertNoUnexpectedErrors(String... expected) {
        List<String> unexpected = log().lines()
                .filter(line -> line.contains("[ERROR]") || line.contains("Exception") || line.contains("fatal"))
                .filter(line -> java.util.Arrays.stream(expected).noneMatch(line::contains))
                .filter(line -> !line.startsWith("\tat ") && !line.startsWith("\""))
                .toList();
        assertTrue(unexpected.isEmpty(), "unexpected errors in the log:\n" + String.join("\n", unexpected)
                + "\nfull log:\n" + log());
    }

    @Override
    public void close() throws Exception {
        workerPids();
        process.toHandle().descendants().forEach(STARTED::add); // a worker's own children, a wrapper's master
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle worker : seen) {
            worker.destroyForcibly();
        }
    }
}
