package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** bind = fd://N: the master serves on a listening socket its caller bound and passed as descriptor N. */
class FdBindTest {
    // binds 127.0.0.1:PORT, moves the socket to fd 7, keeps it across exec, and execs the rest of the arguments
    private static final String PASS_SOCKET = """
            import os, socket, sys
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(64)
            os.dup2(s.fileno(), 7); os.set_inheritable(7, True)
            os.execv(sys.argv[2], sys.argv[2:])
            """;

    @Test
    void servesOnThePassedDescriptor() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (Junicorn server = Junicorn.start(List.of("python3", "-c", PASS_SOCKET, Integer.toString(port)),
                List.of("-w", "1", "-b", "fd://7", "--class-path", Junicorn.HELLO_JAR, Junicorn.HELLO), Map.of())) {
            server.awaitLog("Listening at: http://127.0.0.1:" + port + " \\(" + server.pid() + "\\)", Duration.ofSeconds(30));
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            assertEquals("Hello, World!", Http.get(port, "/").body());
            server.stopCleanly();
        }
    }

    @Test
    void aDescriptorThatIsNoListenerStopsTheStart() throws Exception {
        try (Junicorn server = Junicorn.hello("-b", "fd://9")) {
            assertEquals(1, server.awaitExit(Duration.ofSeconds(30)));
        }
    }
}
