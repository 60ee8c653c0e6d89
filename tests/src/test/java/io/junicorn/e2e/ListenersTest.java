package io.junicorn.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Several listeners at once: the first reaches each worker at fd 0 (System.inheritedChannel()), the
 * others at fds 4, 5, ... (InheritedListeners' reflective adoption); TCP, unix-domain and IPv6, on the
 * sync and the virtual worker. A unix socket's file is removed when the master stops.
 */
@Timeout(120)
class ListenersTest {

    @Test
    void tcpAndUnixOnTheSyncWorker() throws Exception {
        tcpAndUnix("sync", false);
    }

    @Test
    void tcpUnixAndIpv6OnTheVirtualWorker() throws Exception {
        tcpAndUnix("virtual", Http.ipv6LoopbackAvailable());
    }

    /** [::1] first (fd 0), 127.0.0.1 second (fd 4): an IPv4 socket adopted reflectively. */
    @Test
    void ipv6FirstThenIpv4() throws Exception {
        assumeTrue(Http.ipv6LoopbackAvailable(), "::1 is not configured on lo");
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-k", "virtual", "-b", "[::1]:0", "-b", "127.0.0.1:0",
                "--class-path", Junicorn.HELLO_JAR, Junicorn.HELLO))) {
            int port6 = server.ipv6Port();
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            assertHello(Http.get(server.port(), "/"));
            assertHello(Http.get("::1", port6, "/"));
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }

    private static void tcpAndUnix(String workerClass, boolean ipv6) throws Exception {
        Path socket = Path.of("/tmp/junicorn-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".sock");
        List<String> args = new ArrayList<>(List.of("-w", "1", "-k", workerClass, "-b", "unix:" + socket));
        if (ipv6) {
            args.addAll(List.of("-b", "[::1]:0"));
        }
        try (Junicorn server = Junicorn.hello(args.toArray(String[]::new))) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            server.awaitLog("Listening at: unix:" + java.util.regex.Pattern.quote(socket.toString()) + " \\(\\d+\\)",
                    Duration.ofSeconds(5));
            assertTrue(Files.exists(socket), socket + " exists while the server runs");

            assertHello(Http.get(server.port(), "/"));
            assertHello(Http.getUnix(socket, "/"));
            if (ipv6) {
                assertHello(Http.get("::1", server.ipv6Port(), "/"));
            }
            if (workerClass.equals("virtual")) {
                // keep-alive over the unix socket: three requests on one connection
                try (SocketChannel channel = Http.connectUnix(socket)) {
                    InputStream in = Channels.newInputStream(channel);
                    for (int i = 0; i < 3; i++) {
                        Http.send(channel, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                        Http.Response response = Http.read(in);
                        assertHello(response);
                        assertFalse(response.head().toLowerCase().contains("connection: close"), response.head());
                    }
                }
            }

            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            assertFalse(Files.exists(socket), socket + " is removed when the master stops");
            server.assertNoUnexpectedErrors();
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    private static void assertHello(Http.Response response) {
        assertEquals(200, response.status(), response.head());
        assertEquals("Hello, World!", response.body());
    }
}
