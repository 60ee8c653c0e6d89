package io.junicorn.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HUP with a changed bind: a kept address keeps its socket (and never stops accepting), a new one is bound, a
 * removed one is closed once the old generation has stopped; a bind that fails fails the reload at once and leaves
 * settings, hooks, logging and listeners as they were. 127.0.0.2 is a second loopback address (all of 127/8 is).
 */
@Timeout(180)
class ListenerReloadTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private Path writeConfig(String bind, String extra) throws IOException {
        Path file = directory.resolve("server.toml");
        Files.writeString(file, String.format("""
                bind = [%s]
                class_path = ["%s"]
                app = "%s"
                %s
                """, bind, Junicorn.HELLO_JAR, Junicorn.HELLO, extra));
        return file;
    }

    @Test
    void addingAListenerKeepsTheRunningOneAccepting() throws Exception {
        Path config = writeConfig("\"127.0.0.1:0\"", "workers = 2");
        try (Junicorn server = Junicorn.start(List.of("-c", config.toString()))) {
            List<Long> before = server.awaitServingWorkers(2, WAIT);
            int port = server.port();
            Load load = new Load(port, 4);
            try (load) {
                Junicorn.await("traffic", Duration.ofSeconds(10), () -> load.ok() > 50);
                writeConfig("\"127.0.0.1:0\", \"127.0.0.2:0\"", "workers = 2");
                Process reload = server.reloadCommand();
                int added = server.port("127.0.0.2");
                assertTrue(reload.waitFor(60, TimeUnit.SECONDS), "junicorn reload returns");
                String output = new String(reload.getInputStream().readAllBytes());
                assertEquals(0, reload.exitValue(), output);
                assertTrue(Collections.disjoint(server.workerPids(), before), "the old generation is gone");

                assertEquals(port, server.port(), "the kept address keeps its port");
                assertHello(Http.get("127.0.0.2", added, "/"));
                int served = load.ok();
                Junicorn.await("traffic after the reload", Duration.ofSeconds(10), () -> load.ok() > served + 50);
            }
            assertEquals(List.of(), load.failures(), "requests to the kept address during the reload");
            assertFalse(server.log().contains("Connection in use"), server.log());
            server.stopCleanly();
        }
    }

    @Test
    void aRemovedListenerIsClosedOnceTheOldGenerationStopped() throws Exception {
        Path config = writeConfig("\"127.0.0.1:0\", \"127.0.0.2:0\"", "workers = 2");
        try (Junicorn server = Junicorn.start(List.of("-c", config.toString()))) {
            List<Long> before = server.awaitServingWorkers(2, WAIT);
            int kept = server.port();
            int removed = server.port("127.0.0.2");
            assertHello(Http.get("127.0.0.2", removed, "/"));

            writeConfig("\"127.0.0.1:0\"", "workers = 2");
            server.signal("HUP");
            server.awaitLog("Generation 2 is ready", WAIT);
            Junicorn.await("old generation gone", WAIT, () -> Collections.disjoint(server.workerPids(), before));
            server.awaitLog("Closing listener http://127\\.0\\.0\\.2:" + removed + ": no generation uses it any more",
                    WAIT);
            assertThrows(ConnectException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.2", removed), 5_000);
                }
            }, "nobody listens on the removed address: the new workers never had it");
            assertHello(Http.get(kept, "/"));
            server.stopCleanly();
        }
    }

    /** The address is taken by the test's own socket: the reload fails in one loop turn and nothing changes. */
    @Test
    void aBindThatFailsFailsTheReloadAtOnceAndChangesNothing() throws Exception {
        Path newLog = directory.resolve("new-error.log");
        Path config = writeConfig("\"127.0.0.1:0\"", "workers = 2\nhooks = \"io.junicorn.examples.LoggingHooks\"");
        try (Junicorn server = Junicorn.start(List.of("-c", config.toString()));
             ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            List<Long> before = server.awaitServingWorkers(2, WAIT);
            int port = server.port();

            writeConfig("\"127.0.0.1:0\", \"127.0.0.1:" + taken.getLocalPort() + "\"",
                    "workers = 3\nerrorlog = \"" + newLog + "\"\nhooks = \"\"");
            long start = System.nanoTime();
            Process reload = server.reloadCommand();
            server.awaitLog("Reload failed, keeping the running configuration: bind\\(127\\.0\\.0\\.1:"
                    + taken.getLocalPort() + "\\) failed: Address already in use", WAIT);
            long millis = (System.nanoTime() - start) / 1_000_000L;
            assertTrue(millis < 3_000, "the reload failed within " + millis + " ms of starting junicorn reload");
            assertTrue(reload.waitFor(60, TimeUnit.SECONDS), "junicorn reload returns");
            String output = new String(reload.getInputStream().readAllBytes());
            assertEquals(1, reload.exitValue(), output);
            assertTrue(output.contains("started no new worker"), output);

            assertFalse(server.log().contains("Connection in use"), "no retries at a reload:\n" + server.log());
            assertFalse(server.log().contains("Generation 2"), server.log());
            assertEquals(before, server.awaitServingWorkers(2, WAIT), "the running workers serve on");
            assertHello(Http.get(port, "/"));
            assertFalse(Files.exists(newLog), "the new error log was never opened");

            server.signal("TTIN");
            server.awaitLog("hook: nworkers_changed \\(2 -> 3\\)", WAIT);
            server.awaitServingWorkers(3, WAIT);
            server.stopCleanly("Reload failed, keeping the running configuration");
            assertTrue(server.log().contains("hook: on_exit"), "the running hooks were kept:\n" + server.log());
        }
    }

    private static void assertHello(Http.Response response) {
        assertEquals(200, response.status(), response.head());
        assertEquals("Hello, World!", response.body());
    }
}
