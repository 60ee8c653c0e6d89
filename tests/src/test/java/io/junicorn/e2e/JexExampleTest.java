package io.junicorn.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** dist/examples/jex, an unmodified Avaje Jex app, in main mode on real workers. */
class JexExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void servesTheExample() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-b", "127.0.0.1:0", "--class-path",
                Junicorn.DIST.resolve("examples/jex") + "/*", "io.junicorn.examples.jex.Main"))) {
            int port = server.port();
            HttpResponse<String> hello = Client.get(port, "/");
            assertEquals("Hello from Jex\n", hello.body());
            assertEquals("jex", hello.headers().firstValue("X-Example").orElseThrow(), "the before filter's header");

            HttpResponse<String> user = Client.get(port, "/users/7");
            assertEquals(200, user.statusCode());
            assertEquals(JSON.readTree("{\"id\":7,\"name\":\"user\"}"), JSON.readTree(user.body()));

            HttpResponse<String> created = Client.post(port, "/users", "application/json", "{\"id\":1,\"name\":\"ann\"}");
            assertEquals(201, created.statusCode());
            assertEquals(JSON.readTree("{\"id\":2,\"name\":\"ann\"}"), JSON.readTree(created.body()));

            HttpResponse<String> invalid = Client.get(port, "/users/x");
            assertEquals(400, invalid.statusCode(), "the error handler's answer");
            assertEquals("not a number: For input string: \"x\"", JSON.readTree(invalid.body()).get("error").asText());

            assertEquals(404, Client.get(port, "/no/such/path").statusCode());

            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
            server.assertNoUnexpectedErrors();
        }
    }
}
