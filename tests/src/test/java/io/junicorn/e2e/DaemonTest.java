package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --daemon: the command returns 0 once the detached master serves, 1 with the reason when it cannot; WINCH. */
class DaemonTest {
    private static final Pattern LISTENING = Pattern.compile("Listening at: https?://127\\.0\\.0\\.1:(\\d+) ");

    @Test
    void daemonIsReadyWhenTheCommandReturnsAndStopsItsWorkersOnWinch() throws Exception {
        Path directory = Files.createTempDirectory("junicorn-daemon-");
        Path pidfile = directory.resolve("junicorn.pid");
        Path errorLog = directory.resolve("error.log");
        long daemon = 0;
        try {
            Result result = run(List.of("-D", "-w", "2", "-p", pidfile.toString(), "--error-logfile",
                    errorLog.toString()), null);
            assertEquals(0, result.status(), result.output());
            daemon = Long.parseLong(Files.readString(pidfile).trim());
            Junicorn.record(daemon);
            long pid = daemon;
            assertNotEquals(result.pid(), daemon);
            assertNotEquals(result.pid(), ProcessHandle.of(daemon).flatMap(ProcessHandle::parent)
                    .map(ProcessHandle::pid).orElse(-1L), "the daemon is not the command's child");
            Matcher listening = LISTENING.matcher(Files.readString(errorLog));
            assertTrue(listening.find(), "Listening at: in the error log");
            int port = Integer.parseInt(listening.group(1));
            assertEquals(200, Http.get(port, "/pid").status(), "serving as soon as the command returned");
            assertEquals("/dev/null", Files.readSymbolicLink(Path.of("/proc/" + daemon + "/fd/0")).toString());
            assertEquals(errorLog, Files.readSymbolicLink(Path.of("/proc/" + daemon + "/fd/2")));

            Junicorn.signal(daemon, "WINCH");
            Junicorn.await("no workers after WINCH", Duration.ofSeconds(40),
                    () -> ProcessHandle.of(pid).stream().flatMap(ProcessHandle::children).findAny().isEmpty());
            assertTrue(ProcessHandle.of(daemon).map(ProcessHandle::isAlive).orElse(false), "the master stays");
            Junicorn.signal(daemon, "TTIN");
            Junicorn.await("serving again after TTIN", Duration.ofSeconds(30), () -> {
                try {
                    return Http.get(port, "/pid").status() == 200;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            Junicorn.signal(daemon, "TERM");
            Junicorn.await("the daemon's exit", Duration.ofSeconds(40),
                    () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(Files.notExists(pidfile), "pidfile removed");
            String log = Files.readString(errorLog);
            assertTrue(log.contains("WINCH: stopping every worker gracefully"), log);
            assertTrue(log.lines().noneMatch(line -> line.contains("[ERROR]")), log);
        } finally {
            kill(daemon);
        }
    }

    @Test
    void daemonFromJunicornCmdArgsReportsWhyItCouldNotStart() throws Exception {
        Path directory = Files.createTempDirectory("junicorn-daemon-");
        Result result = run(List.of("-b", "unix:" + directory.resolve("missing/junicorn.sock")), "--daemon");
        assertEquals(1, result.status(), result.output());
        assertTrue(result.output().contains("junicorn: error: the daemon could not start: bind("
                + directory.resolve("missing/junicorn.sock") + ") failed: No such file or directory"), result.output());
    }

    private record Result(long pid, int status, String output) {
    }

    /** Runs the command to its exit; the daemon's own output goes to its error log. */
    private static Result run(List<String> extra, String junicornCmdArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Junicorn.DIST.resolve("bin/junicorn").toString(),
                "-b", "127.0.0.1:0", "--class-path", Junicorn.HELLO_JAR));
        command.addAll(extra);
        command.add(Junicorn.HELLO);
        Path output = Files.createTempFile("junicorn-daemon-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("JUNICORN_CMD_ARGS");
        if (junicornCmdArgs != null) {
            builder.environment().put("JUNICORN_CMD_ARGS", junicornCmdArgs);
        }
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command returns");
        return new Result(process.pid(), process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static void kill(long daemon) {
        if (daemon != 0) {
            ProcessHandle.of(daemon).ifPresent(master -> {
                master.children().forEach(ProcessHandle::destroyForcibly);
                master.destroyForcibly();
            });
        }
    }
}
