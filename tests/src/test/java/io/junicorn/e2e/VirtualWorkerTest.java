package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The virtual worker keeps connections alive; the sync worker closes every one. */
class VirtualWorkerTest {

    @Test
    void keepAliveOnVirtualCloseOnSync() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", "virtual")) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            try (Socket socket = Http.connect(server.port())) {
                for (int i = 0; i < 3; i++) {
                    Http.send(socket, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                    Http.Response response = Http.read(socket.getInputStream());
                    assertEquals(200, response.status());
                    assertEquals("Hello, World!", response.body());
                    assertFalse(response.head().toLowerCase().contains("connection: close"), response.head());
                }
            }
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", "sync")) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            try (Socket socket = Http.connect(server.port())) {
                Http.send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                Http.Response response = Http.read(socket.getInputStream());
                assertTrue(response.head().toLowerCase().contains("connection: close"), response.head());
                assertEquals(-1, socket.getInputStream().read(), "sync closes after the response");
            }
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
        }
    }
}
