package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up: N workers, each its own process running the launcher image with its own JVM, all serving. */
class StartTest {

    @Test
    void twoWorkersEachTheirOwnJvmProcess() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "2")) {
            List<Long> pids = server.awaitServingWorkers(2, Duration.ofSeconds(30));
            Path launcher = Junicorn.DIST.resolve("bin/junicorn").toRealPath();
            for (long pid : pids) {
                assertEquals(launcher, Path.of("/proc/" + pid + "/exe").toRealPath(), "worker runs the launcher");
                String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ').trim();
                assertEquals("junicorn: worker [" + Junicorn.HELLO + "]", cmdline);
                String maps = Files.readString(Path.of("/proc/" + pid + "/maps"));
                assertTrue(maps.contains("libjvm.so"), "worker " + pid + " has its own JVM");
            }
            String master = Files.readString(Path.of("/proc/" + server.pid() + "/cmdline")).replace('\0', ' ').trim();
            assertEquals("junicorn: master [" + Junicorn.HELLO + "]", master);

            Http.Response hello = Http.get(server.port(), "/");
            assertEquals(200, hello.status());
            assertEquals("Hello, World!", hello.body());
            Http.Response json = Http.get(server.port(), "/json");
            assertEquals("{\"message\":\"Hello, World!\"}", json.body());
            assertTrue(json.head().toLowerCase().contains("content-type: application/json"), json.head());
            assertEquals(404, Http.get(server.port(), "/nothing-here").status());

            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }
}
