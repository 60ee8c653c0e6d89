package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Echo example describes a request exactly as the engine received it: raw target, field lines in order, body. */
class EchoTest {

    @Test
    void echoesFieldLinesInOrderAndTheChunkedBody() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-k", "virtual", "-b", "127.0.0.1:0",
                "--class-path", Junicorn.HELLO_JAR, "io.junicorn.examples.Echo"))) {
            int port = server.port();
            Junicorn.await("a worker", Duration.ofSeconds(30), () -> server.workerPids().size() == 1);
            try (Socket socket = Http.connect(port)) {
                Http.send(socket, "POST /a/b%20c?x=1&y HTTP/1.1\r\nHost: example\r\nX-Zeta: 1\r\nx-alpha:  two words \r\n"
                        + "Transfer-Encoding: chunked\r\nX-Zeta: 2\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
                Http.Response response = Http.read(socket.getInputStream());
                assertEquals(200, response.status());
                assertEquals("{\"method\":\"POST\",\"target\":\"/a/b%20c?x=1&y\",\"version\":\"HTTP/1.1\",\"scheme\":\"http\","
                        + "\"headers\":[[\"Host\",\"example\"],[\"X-Zeta\",\"1\"],[\"x-alpha\",\"two words\"],"
                        + "[\"Transfer-Encoding\",\"chunked\"],[\"X-Zeta\",\"2\"]],\"body_b64\":\"aGVsbG8gd29ybGQ=\"}",
                        response.body());
            }
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }
}
