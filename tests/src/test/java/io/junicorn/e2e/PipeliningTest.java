package io.junicorn.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pipelined requests sent in one write get every response, in order, from the real workers: the engine keeps
 * finished responses back while the next request is already buffered and writes them together, except with
 * --request-timeout, whose 503 goes around that buffer (docs/performance.md, "Engine tuning").
 */
class PipeliningTest {
    private static final int REQUESTS = 48;

    @ParameterizedTest
    @CsvSource({"virtual, 0", "virtual, 30", "gthread, 0", "gthread, 30"})
    void everyPipelinedRequestIsAnsweredInOrder(String workerClass, String requestTimeout) throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", workerClass, "--request-timeout", requestTimeout)) {
            server.awaitServingWorkers(1, Duration.ofSeconds(30));
            StringBuilder batch = new StringBuilder();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                switch (i % 3) {
                    case 0 -> {
                        batch.append("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
                        expected.add("Hello, World!");
                    }
                    case 1 -> {
                        batch.append("GET /json HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
                        expected.add("{\"message\":\"Hello, World!\"}");
                    }
                    default -> {
                        batch.append("GET /sleep?s=0.01 HTTP/1.1\r\nHost: x\r\n\r\n");
                        expected.add("slept 10 ms");
                    }
                }
            }
            try (Socket socket = Http.connect(server.port())) {
                Http.send(socket, batch.toString());
                InputStream in = socket.getInputStream();
                for (int i = 0; i < REQUESTS; i++) {
                    Http.Response response = Http.read(in);
                    assertEquals(200, response.status(), "response " + i);
                    assertEquals(expected.get(i), response.body(), "response " + i);
                }
                Http.send(socket, "GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertEquals("Hello, World!", Http.read(in).body());
                assertEquals(-1, in.read(), "closed after the response asked to close");
            }
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }
}
