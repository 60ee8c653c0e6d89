package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TERM finishes in-flight work and the listen queue; INT ends everything at once. */
class StopTest {

    @Test
    void termLetsTheInFlightRequestFinish() throws Exception {
        for (String workerClass : List.of("sync", "gthread", "virtual", "nio")) {
            try (Junicorn server = Junicorn.hello("-w", "2", "-k", workerClass)) {
                server.awaitServingWorkers(2, Duration.ofSeconds(30));
                try (Socket slow = Http.connect(server.port())) {
                    Http.send(slow, "GET /sleep?s=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    Tcp.awaitServerRead(slow, Duration.ofSeconds(10));
                    server.signal("TERM");
                    Http.Response response = Http.read(slow.getInputStream());
                    assertEquals(200, response.status(), workerClass);
                    assertEquals("slept 2000 ms", response.body());
                }
                assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
                server.assertNoUnexpectedErrors();
            }
        }
    }

    @Test
    void termServesConnectionsWaitingInTheListenQueue() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", "sync")) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            int port = server.port();
            Socket busy = Http.connect(port);
            Http.send(busy, "GET /sleep?s=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Tcp.awaitServerRead(busy, Duration.ofSeconds(10));
            List<Socket> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Socket socket = Http.connect(port);
                Http.send(socket, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                queued.add(socket);
            }
            server.signal("TERM");
            assertEquals(200, Http.read(busy.getInputStream()).status());
            for (Socket socket : queued) {
                Http.Response response = Http.read(socket.getInputStream());
                assertEquals(200, response.status());
                assertEquals("Hello, World!", response.body());
                socket.close();
            }
            busy.close();
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }

    @Test
    void intEndsEverythingPromptly() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "2", "--graceful-timeout", "60")) {
            List<Long> workers = server.awaitServingWorkers(2, Duration.ofSeconds(30));
            Socket slow = Http.connect(server.port());
            Http.send(slow, "GET /sleep?s=60 HTTP/1.1\r\nHost: x\r\n\r\n");
            long start = System.nanoTime();
            server.signal("INT");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(10)));
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "INT stops within seconds, not the graceful timeout");
            for (long pid : workers) {
                Junicorn.await("worker " + pid + " gone", Duration.ofSeconds(5), () -> ProcessHandle.of(pid).isEmpty());
            }
            slow.close();
            server.assertNoUnexpectedErrors();
        }
    }
}
