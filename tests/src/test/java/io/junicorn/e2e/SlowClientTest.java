package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hundreds of clients that sent half a request head do not delay a normal request (virtual and gthread). */
class SlowClientTest {
    private static final int SLOW_CLIENTS = 300;
    /**
     * A worker held by the half heads would answer only once they time out (the 10 s header timeout); half of
     * that tells the two apart and leaves a loaded 2-core machine 5 s for one request.
     */
    private static final long BOUND_NANOS = 5_000_000_000L;

    @Test
    void halfHeadsDoNotDelayANormalRequest() throws Exception {
        for (List<String> workerClass : List.of(List.of("-k", "virtual"), List.of("-k", "gthread", "--threads", "4"),
                List.of("-k", "nio"))) {
            List<String> args = new ArrayList<>(List.of("-w", "1"));
            args.addAll(workerClass);
            try (Junicorn server = Junicorn.hello(args.toArray(String[]::new))) {
                server.awaitServingWorkers(1, Duration.ofSeconds(30));
                List<Socket> slow = new ArrayList<>();
                try {
                    for (int i = 0; i < SLOW_CLIENTS; i++) {
                        Socket socket = Http.connect(server.port());
                        slow.add(socket);
                        Http.send(socket, "GET /plaintext HTTP/1.1\r\nHost: x\r\nUser-Agent: sl");
                    }
                    Tcp.awaitServerReadAll(slow, Duration.ofSeconds(10)); // the worker holds every half head
                    long start = System.nanoTime();
                    Http.Response response = Http.get(server.port(), "/plaintext");
                    long elapsed = System.nanoTime() - start;
                    assertEquals(200, response.status(), workerClass.toString());
                    assertTrue(elapsed < BOUND_NANOS, workerClass + ": a normal request took " + elapsed / 1_000_000
                            + " ms beside " + SLOW_CLIENTS + " slow clients");
                    for (Socket socket : slow) {
                        assertEquals(0, socket.getInputStream().available(), "a half head gets no answer");
                    }
                } finally {
                    for (Socket socket : slow) {
                        socket.close();
                    }
                }
                server.signal("TERM");
                assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
                server.assertNoUnexpectedErrors();
            }
        }
    }
}
