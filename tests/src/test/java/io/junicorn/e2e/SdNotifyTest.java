package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sd_notify on a real datagram socket across a start, a `junicorn reload` and a TERM. */
class SdNotifyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void readyReloadingReadyStopping() throws Exception {
        try (NotifySocket systemd = new NotifySocket();
             Junicorn server = Junicorn.start(List.of(), List.of("-w", "2", "-b", "127.0.0.1:0", "--class-path",
                     Junicorn.HELLO_JAR, Junicorn.HELLO), Map.of("NOTIFY_SOCKET", systemd.path.toString()))) {
            assertEquals("READY=1\nSTATUS=2 workers, generation 1", systemd.receiveUntil("READY=1", WAIT));
            List<Long> first = server.workerPids();
            assertEquals(2, first.size());
            assertEquals(200, Http.get(server.port(), "/").status()); // ready means serving
            for (long worker : first) {
                assertFalse(environment(worker).contains("NOTIFY_SOCKET="), "a worker must not see NOTIFY_SOCKET");
            }

            long before = System.nanoTime() / 1000;
            Process reload = reload(Long.toString(server.pid()));
            String reloading = systemd.receiveUntil("RELOADING=1", WAIT);
            long after = System.nanoTime() / 1000;
            Matcher usec = Pattern.compile("RELOADING=1\nMONOTONIC_USEC=(\\d+)\nSTATUS=reloading").matcher(reloading);
            assertTrue(usec.matches(), reloading);
            long monotonic = Long.parseLong(usec.group(1));
            assertTrue(before <= monotonic && monotonic <= after, "MONOTONIC_USEC " + monotonic + " is CLOCK_MONOTONIC");
            assertEquals("READY=1\nSTATUS=2 workers, generation 2", systemd.receiveUntil("READY=1", WAIT));

            assertTrue(reload.waitFor(60, TimeUnit.SECONDS), "junicorn reload returns");
            String output = new String(reload.getInputStream().readAllBytes());
            assertEquals(0, reload.exitValue(), output);
            assertTrue(output.contains("junicorn reload: master " + server.pid() + " reloaded; workers "), output);
            List<Long> second = server.workerPids();
            assertEquals(2, second.size());
            assertTrue(second.stream().noneMatch(first::contains), "old workers are gone when reload returns");

            server.signal("TERM");
            assertEquals("STOPPING=1\nSTATUS=stopping", systemd.receiveUntil("STOPPING=1", WAIT));
            assertEquals(0, server.awaitExit(WAIT));
            server.assertNoUnexpectedErrors();
        }
    }

    @Test
    void reloadRefusesAProcessThatIsNoMaster() throws Exception {
        Process reload = reload(Long.toString(ProcessHandle.current().pid()));
        assertTrue(reload.waitFor(30, TimeUnit.SECONDS));
        String output = new String(reload.getInputStream().readAllBytes());
        assertEquals(1, reload.exitValue(), output);
        assertTrue(output.contains("is not a junicorn master"), output);
    }

    private static Process reload(String pid) throws Exception {
        return new ProcessBuilder(Junicorn.DIST.resolve("bin/junicorn").toString(), "reload", "--timeout", "60", pid)
                .redirectErrorStream(true).start();
    }

    private static String environment(long pid) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"))).replace('\0', '\n');
    }
}
