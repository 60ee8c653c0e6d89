package io.junicorn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dist/examples/jersey on real workers, run both ways: its unchanged main (main mode) and its JAX-RS
 * Application named as APP (hosted through Jersey's jdk-http container).
 */
class JerseyExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"io.junicorn.examples.jersey.Main", "io.junicorn.examples.jersey.ExampleApp"})
    void servesTheExample(String app) throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-b", "127.0.0.1:0", "--class-path",
                Junicorn.DIST.resolve("examples/jersey") + "/*", app))) {
            int port = server.port();

            HttpResponse<String> greeting = Client.get(port, "/hello/Ann");
            assertEquals(200, greeting.statusCode());
            assertEquals("Hello, Ann\n", greeting.body(), "a path variable");
            assertEquals("Jersey on junicorn", greeting.headers().firstValue("X-Powered-By").orElseThrow(),
                    "the response filter's header");

            HttpResponse<String> item = Client.get(port, "/items/42");
            assertEquals(200, item.statusCode());
            assertTrue(item.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
            assertEquals(JSON.readTree("{\"id\":42,\"name\":\"item-42\",\"quantity\":1}"), JSON.readTree(item.body()));

            HttpResponse<String> created = Client.post(port, "/items", "application/json",
                    "{\"id\":0,\"name\":\"pen\",\"quantity\":3}");
            assertEquals(201, created.statusCode());
            JsonNode body = JSON.readTree(created.body());
            assertEquals("pen", body.get("name").asText());
            assertEquals(3, body.get("quantity").asInt());
            assertEquals("http://127.0.0.1:" + port + "/items/" + body.get("id").asLong(),
                    created.headers().firstValue("Location").orElseThrow(), "the base URI is the request's");

            HttpResponse<String> invalid = Client.post(port, "/items", "application/json",
                    "{\"id\":0,\"name\":\"pen\",\"quantity\":-1}");
            assertEquals(422, invalid.statusCode(), "the exception mapper's answer");
            assertEquals(JSON.readTree("{\"error\":\"quantity must not be negative: -1\"}"), JSON.readTree(invalid.body()));

            assertEquals(500, Client.get(port, "/hello/boom/now").statusCode(), "an unmapped exception");

            HttpResponse<String> form = Client.post(port, "/form", "application/x-www-form-urlencoded",
                    "name=Ann+Lee&color=r%C3%A9d");
            assertEquals(200, form.statusCode());
            assertEquals("name=Ann Lee, color=r\u00e9d\n", form.body());

            HttpResponse<String> first = Client.get(port, "/visits");
            assertEquals("visits: 1\n", first.body());
            assertTrue(first.headers().firstValue("Set-Cookie").orElseThrow().startsWith("visits=1;"),
                    first.headers().map().toString());
            HttpResponse<String> again = Client.send(Client.request(port, "/visits").header("Cookie", "visits=4").build());
            assertEquals("visits: 5\n", again.body());
            assertTrue(again.headers().firstValue("Set-Cookie").orElseThrow().startsWith("visits=5;"));

            HttpResponse<String> missing = Client.get(port, "/no/such/path");
            assertEquals(404, missing.statusCode());

            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
            // Jersey rethrows an unmapped exception to its container after answering 500, and then fails to commit
            // the response again: the same lines as on the JDK's own server (Jersey's through java.util.logging,
            // which junicorn writes to its error log).
            server.assertNoUnexpectedErrors("IllegalStateException: boom", "handler failed on GET /hello/boom/now",
                    "Error while closing the output stream in order to commit response",
                    "Error writing out the response headers", "headers already sent");
        }
    }
}
