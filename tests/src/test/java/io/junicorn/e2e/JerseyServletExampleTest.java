package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Jersey servlet example (a ResourceConfig served through Jersey's ServletContainer) on two real workers. */
class JerseyServletExampleTest {

    @Test
    void servesTheJsonApi() throws Exception {
        try (Junicorn server = Junicorn.start(ServletApps.args(ServletApps.exampleClassPath("jersey-servlet"),
                "io.junicorn.examples.jerseyservlet.JerseyApp"))) {
            Client.At client = Client.at(server.port());
            Junicorn.await("two workers", Duration.ofSeconds(30), () -> server.workerPids().size() == 2);

            HttpResponse<String> hello = client.get("/api/hello");
            assertEquals(200, hello.statusCode(), hello.body());
            assertEquals("{\"message\":\"Hello from Jersey on junicorn\"}", hello.body());
            assertTrue(hello.headers().firstValue("X-Served-By").orElseThrow().startsWith("jersey-servlet pid "));

            assertEquals("{\"id\":1,\"name\":\"teapot\"}", client.get("/api/items/1").body());

            HttpResponse<String> created = client.post("/api/items", "application/json", "{\"name\":\"kettle\"}");
            assertEquals(201, created.statusCode(), created.body());
            assertTrue(created.body().matches("\\{\"id\":1\\d\\d,\"name\":\"kettle\"}"), created.body());

            HttpResponse<String> form = client.post("/api/greet", "application/x-www-form-urlencoded", "name=J%C3%BCrg");
            assertEquals("{\"greeting\":\"Hello, Jürg!\"}", form.body());

            assertEquals(404, client.get("/api/no/such/resource").statusCode());
            assertEquals(404, client.get("/outside/the/application/path").statusCode());

            HttpResponse<String> bad = client.get("/api/items/-5");
            assertEquals(400, bad.statusCode());
            assertEquals("{\"error\":\"item ids are positive, not -5\"}", bad.body());

            HttpResponse<String> first = client.get("/api/visit");
            assertEquals("{\"visits\":1}", first.body());
            String cookie = ServletApps.cookie(first);
            assertEquals("visits=1", cookie);
            assertEquals("{\"visits\":2}", client.get("/api/visit", "Cookie", cookie).body());

            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
        }
    }
}
