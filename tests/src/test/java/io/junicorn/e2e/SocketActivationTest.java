package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Socket activation with systemd-socket-activate: the master serves on the sockets it is handed, binds nothing. */
class SocketActivationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path ACTIVATE = Path.of("/usr/bin/systemd-socket-activate");

    @Test
    void servesOnActivatedSocketsAndLeavesThemInPlace() throws Exception {
        assumeTrue(Files.isExecutable(ACTIVATE), "systemd-socket-activate (package systemd) is not installed");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path directory = Files.createTempDirectory("junicorn-activation-");
        Path unixSocket = directory.resolve("app.sock");
        // bind names a directory that does not exist: the start fails if the master binds it instead
        List<String> args = List.of("-w", "1", "-b", "unix:" + directory.resolve("missing/never.sock"),
                "--class-path", Junicorn.HELLO_JAR, Junicorn.HELLO);
        try (Junicorn server = Junicorn.start(List.of(ACTIVATE.toString(), "-l", "127.0.0.1:" + port,
                "-l", unixSocket.toString(), "--fdname=web:local"), args, Map.of())) {
            server.awaitLog("Listening on " + unixSocket, WAIT); // systemd-socket-activate's, before the exec
            // the first connection is what starts the master: it waits in the socket's queue meanwhile
            assertEquals("Hello, World!", Http.get(port, "/").body());
            assertEquals("Hello, World!", Http.getUnix(unixSocket, "/").body());
            server.awaitLog("Socket activation: serving on 2 socket\\(s\\) from systemd \\(LISTEN_FDS, names: web, local\\)", WAIT);
            server.awaitLog("Listening at: unix:" + unixSocket + " \\(" + server.pid() + "\\)", WAIT);
            for (long worker : server.workerPids()) {
                String environment = new String(Files.readAllBytes(Path.of("/proc", Long.toString(worker), "environ")));
                assertFalse(environment.contains("LISTEN_"), "a worker must not see LISTEN_FDS and friends");
            }

            server.signal("TERM");
            assertEquals(0, server.awaitExit(WAIT));
            assertTrue(Files.exists(unixSocket), "an activated socket's file belongs to systemd: never unlinked");
            server.assertNoUnexpectedErrors();
        } finally {
            Files.deleteIfExists(unixSocket);
            Files.deleteIfExists(directory);
        }
    }
}
