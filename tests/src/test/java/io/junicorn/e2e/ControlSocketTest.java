package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * junicorn ctl over --control-socket: status, workers add and remove, reload, --json, shutdown; show config, show
 * listeners, worker kill, help and control_socket_mode.
 */
class ControlSocketTest {
    private static final Pattern WORKER_JSON = Pattern.compile(
            "\\{\\s*\"pid\" : (\\d+),\\s*\"generation\" : \\d+,\\s*\"age\" : \\d+,\\s*\"uptime_ms\" : \\d+,"
                    + "\\s*\"state\" : \"(\\w+)\",\\s*\"requests\" : (\\d+),\\s*\"memory_pss_bytes\" : (\\d+)\\s*}");

    private record Ctl(int status, String out, String err) {
    }

    @Test
    void controlsTheMaster() throws Exception {
        Path directory = Files.createTempDirectory("junicorn-ctl-");
        Path socket = directory.resolve("junicorn.ctl");
        try (Junicorn server = Junicorn.hello("-w", "2", "--control-socket", socket.toString())) {
            List<Long> two = server.awaitServingWorkers(2, Duration.ofSeconds(30));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

            Ctl status = ctl(socket, "status");
            assertEquals(0, status.status(), status.err());
            for (long pid : two) {
                assertTrue(status.out().matches("(?s).*\\n" + pid + " +1 +\\d+ ready +\\d+ +\\d+:\\d\\d:\\d\\d +[0-9.]+ MiB\\n.*"),
                        status.out());
            }

            // The status is the arbiter's snapshot of its last tick (at most a second old): wait for the requests
            // awaitServingWorkers made, at least one per worker, to show.
            String[] json = new String[1];
            Junicorn.await("ctl --json status showing the requests made", Duration.ofSeconds(20), () -> {
                json[0] = ctlJson(socket);
                Matcher worker = WORKER_JSON.matcher(json[0]);
                long requests = 0;
                while (worker.find()) {
                    requests += Long.parseLong(worker.group(3));
                }
                return requests >= 2;
            });
            assertTrue(json[0].trim().startsWith("{") && json[0].trim().endsWith("}"), json[0]);
            assertTrue(json[0].contains("\"pid\" : " + server.pid() + ","), json[0]);
            List<Long> listed = new ArrayList<>();
            for (Matcher worker = WORKER_JSON.matcher(json[0]); worker.find(); ) {
                listed.add(Long.parseLong(worker.group(1)));
                assertEquals("ready", worker.group(2));
                assertTrue(Long.parseLong(worker.group(4)) > 1_000_000, "a worker JVM's PSS is megabytes: " + json[0]);
            }
            assertEquals(two, listed.stream().sorted().toList(), json[0]);

            assertEquals(0, ctl(socket, "workers", "add", "1").status());
            List<Long> three = server.awaitServingWorkers(3, Duration.ofSeconds(30));
            assertTrue(three.containsAll(two));

            assertEquals(0, ctl(socket, "workers", "remove", "2").status());
            Junicorn.await("one worker left", Duration.ofSeconds(40), () -> server.workerPids().size() == 1);
            List<Long> one = server.awaitServingWorkers(1, Duration.ofSeconds(30));

            // A reload re-reads the settings, so -w 2 counts again, as after a HUP.
            assertEquals(0, ctl(socket, "reload").status());
            Junicorn.await("the worker replaced by a reload", Duration.ofSeconds(60), () -> {
                List<Long> now = server.workerPids();
                return now.size() == 2 && !now.contains(one.get(0));
            });
            server.awaitServingWorkers(2, Duration.ofSeconds(30));

            Ctl refused = ctl(socket, "workers", "add", "0");
            assertEquals(1, refused.status());
            assertTrue(refused.err().contains("refused"), refused.err());
            assertEquals(2, ctl(socket, "explode").status());

            Ctl shutdown = ctl(socket, "shutdown", "graceful");
            assertEquals(0, shutdown.status(), shutdown.err());
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            assertFalse(Files.exists(socket), "the master removes its socket on exit");
            assertEquals(1, ctl(socket, "status").status(), "no master, no answer");
            server.assertNoUnexpectedErrors();
        } finally {
            Files.deleteIfExists(socket);
            Files.delete(directory);
        }
    }

    @Test
    void showsConfigAndListenersAndKillsOneWorker() throws Exception {
        Path directory = Files.createTempDirectory("junicorn-ctl-");
        Path socket = directory.resolve("junicorn.ctl");
        try (Junicorn server = Junicorn.hello("-w", "2", "--control-socket", socket.toString(),
                "--control-socket-mode", "0660")) {
            List<Long> two = server.awaitServingWorkers(2, Duration.ofSeconds(30));
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));

            Ctl config = ctl(socket, "show", "config");
            assertEquals(0, config.status(), config.err());
            assertTrue(config.out().contains("\nworkers              = 2\n"), config.out());
            assertTrue(config.out().contains("\ncontrol_socket_mode  = 0660\n"), config.out());
            Ctl listeners = ctl(socket, "show", "listeners");
            assertEquals("http://127.0.0.1:" + server.port(), listeners.out().trim());
            Ctl help = ctl(socket, "help");
            assertTrue(help.out().contains("worker kill PID"), help.out());

            Ctl stranger = ctl(socket, "worker", "kill", Long.toString(server.pid()));
            assertEquals(1, stranger.status(), "the master is not one of its workers");
            Ctl kill = ctl(socket, "worker", "kill", Long.toString(two.get(0)));
            assertEquals(0, kill.status(), kill.err());
            Junicorn.await("the killed worker replaced", Duration.ofSeconds(60), () -> {
                List<Long> now = server.workerPids();
                return now.size() == 2 && !now.contains(two.get(0)) && now.contains(two.get(1));
            });
            server.awaitLog("Stopping worker \\(pid:" + two.get(0) + "\\) as the control socket asked", Duration.ofSeconds(5));
            server.awaitServingWorkers(2, Duration.ofSeconds(30));
            server.stopCleanly();
        } finally {
            Files.deleteIfExists(socket);
            Files.delete(directory);
        }
    }

    @Test
    void aLiveSocketIsNotTakenOver() throws Exception {
        Path directory = Files.createTempDirectory("junicorn-ctl-");
        Path socket = directory.resolve("junicorn.ctl");
        try (Junicorn first = Junicorn.hello("--control-socket", socket.toString())) {
            first.awaitServingWorkers(1, Duration.ofSeconds(30));
            try (Junicorn second = Junicorn.hello("--control-socket", socket.toString())) {
                assertEquals(1, second.awaitExit(Duration.ofSeconds(30)));
                assertTrue(second.log().contains("another process serves it"), second.log());
            }
            assertEquals(0, ctl(socket, "status").status(), "the first master keeps its socket");
            first.signal("TERM");
            assertEquals(0, first.awaitExit(Duration.ofSeconds(40)));
        } finally {
            Files.deleteIfExists(socket);
            Files.delete(directory);
        }
    }

    private static String ctlJson(Path socket) {
        try {
            Ctl json = ctl(socket, "--json", "status");
            assertEquals(0, json.status(), json.err());
            return json.out();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Ctl ctl(Path socket, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(Junicorn.DIST.resolve("bin/junicorn").toString(), "ctl",
                "--socket", socket.toString()));
        args.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args);
        builder.environment().remove("JAVA_HOME");
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("junicorn ctl " + String.join(" ", command) + " did not finish");
        }
        return new Ctl(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
