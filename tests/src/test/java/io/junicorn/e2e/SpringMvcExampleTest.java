package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spring MVC example (a WebApplicationInitializer, no Spring Boot) on two real workers. */
class SpringMvcExampleTest {

    /** Map.of's JSON comes in any order: file, size, note in that order, for one comparison. */
    private static String sortedJson(String json) throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = mapper.readTree(json);
        return "{\"file\":" + tree.get("file") + ",\"size\":" + tree.get("size") + ",\"note\":" + tree.get("note") + "}";
    }

    @Test
    void servesTheJsonApi() throws Exception {
        try (Junicorn server = Junicorn.start(ServletApps.args(ServletApps.exampleClassPath("spring-mvc"),
                "io.junicorn.examples.spring.WebInitializer"))) {
            Client.At client = Client.at(server.port());
            Junicorn.await("two workers", Duration.ofSeconds(30), () -> server.workerPids().size() == 2);

            HttpResponse<String> hello = client.get("/hello");
            assertEquals(200, hello.statusCode(), hello.body());
            assertEquals("{\"message\":\"Hello from Spring MVC on junicorn\"}", hello.body());
            assertTrue(hello.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
            // the filter the initializer registered
            assertTrue(hello.headers().firstValue("X-Served-By").orElseThrow().startsWith("spring-mvc pid "));

            HttpResponse<String> item = client.get("/items/1");
            assertEquals("{\"id\":1,\"name\":\"teapot\"}", item.body());

            HttpResponse<String> created = client.post("/items", "application/json", "{\"name\":\"kettle\"}");
            assertEquals(201, created.statusCode(), created.body());
            assertTrue(created.body().matches("\\{\"id\":1\\d\\d,\"name\":\"kettle\"}"), created.body());

            HttpResponse<String> form = client.post("/greet", "application/x-www-form-urlencoded", "name=J%C3%BCrg");
            assertEquals("{\"greeting\":\"Hello, Jürg!\"}", form.body());

            HttpResponse<String> missing = client.get("/no/such/page");
            assertEquals(404, missing.statusCode());
            assertEquals("{\"status\":404,\"path\":\"/no/such/page\"}", missing.body());

            HttpResponse<String> bad = client.get("/items/-5");
            assertEquals(400, bad.statusCode());
            assertEquals("{\"error\":\"item ids are positive, not -5\"}", bad.body());

            HttpResponse<String> crash = client.get("/crash");
            assertEquals(500, crash.statusCode());
            assertEquals("{\"status\":500,\"path\":\"/crash\"}", crash.body());

            String multipart = "--b0undary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nnotes\r\n"
                    + "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.txt\"\r\n"
                    + "Content-Type: text/plain\r\n\r\n" + "x".repeat(100_000) + "\r\n--b0undary--\r\n";
            HttpResponse<String> upload = client.post("/upload", "multipart/form-data; boundary=b0undary", multipart);
            assertEquals(200, upload.statusCode(), upload.body());
            assertEquals("{\"file\":\"data.txt\",\"size\":100000,\"note\":\"notes\"}",
                    sortedJson(upload.body()));

            HttpResponse<String> later = client.get("/later");
            assertEquals(200, later.statusCode(), later.body());
            assertEquals("{\"computed\":\"on a virtual thread\"}", later.body());
            assertTrue(later.headers().firstValue("X-Served-By").isPresent());

            HttpResponse<String> first = client.get("/visit");
            assertEquals("{\"visits\":1}", first.body());
            String cookie = ServletApps.cookie(first);
            assertEquals("visits=1", cookie);
            assertEquals("{\"visits\":2}", client.get("/visit", "Cookie", cookie).body());

            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors("Servlet.service() for servlet dispatcher threw exception on GET /crash",
                    "IllegalStateException: the crash endpoint always fails");
        }
    }
}
