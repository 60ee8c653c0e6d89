package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring Boot example (dist/examples/spring-boot, Boot 4; spring-boot3, the same sources on Boot 3.5;
 * spring-boot-war, the same sources as a war with Tomcat provided) in the forms users deploy it: the executable jar as
 * APP (the starter's WebServer, under a context path, with gzip; a HUP under kept-alive load, a TERM with a slow
 * request in flight), the traditional deployment by class name, and the war; one server per form and line, many
 * requests each. A jar built with Tomcat instead of the starter is refused.
 */
class SpringBootExampleTest {
    /** A line of Boot's default console format: ISO time, level, pid, ---, application name. */
    private static final String BOOT_LINE = "\\d{4}-\\d\\d-\\d\\dT\\S+ +INFO \\d+ --- \\[junicorn-boot-example] ";
    private static final HttpClient GZIP_CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** A Boot application takes seconds to start, more on a busy machine; --boot-timeout (120 s) bounds it. */
    private static final Duration BOOT = Duration.ofSeconds(150);
    /** What the example's failures log on purpose: Boot's validation WARN, the container's line for /boom. */
    private static final String[] EXPECTED_ERRORS = {"MethodArgumentNotValidException", "the example fails here on purpose",
            "Servlet.service() for servlet dispatcherServlet threw exception on GET", "MaxUploadSizeExceededException"};

    @Test
    void executableJarOnBoot4() throws Exception {
        servesExecutableJar("spring-boot");
    }

    @Test
    void executableJarOnBoot3() throws Exception {
        servesExecutableJar("spring-boot3");
    }

    @Test
    void warOnBoot4() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-k", "virtual", "-b", "127.0.0.1:0",
                Junicorn.DIST.resolve("examples/spring-boot-war/spring-boot-war.war").toString()))) {
            Client.At client = Client.at(server.port());
            server.awaitLog("(?s)Started Application in .*Started Application in ", BOOT);
            assertApi(client, "");
            assertUploadOverTheLimitIs413(client, "");

            // the war's root, through the container's resources (Boot serves the ServletContext's "/" too)
            HttpResponse<String> rootFile = client.get("/war.txt");
            assertEquals(200, rootFile.statusCode());
            assertEquals("a file at the root of the war\n", rootFile.body());
            assertEquals(404, client.get("/WEB-INF/classes/application.properties").statusCode());

            server.stopCleanly(EXPECTED_ERRORS);
            String log = server.log();
            assertTrue(log.contains("Starting Application using Java"), log);
            assertFalse(log.contains("Tomcat") || log.contains("PARSER_ERROR"), log);
        }
    }

    @Test
    void executableJarWithTomcatIsRefused() throws Exception {
        // Boot's executable war is such a jar: Boot's launcher, and Tomcat among its libraries
        Path jar = Files.createTempDirectory("junicorn-e2e-").resolve("with-tomcat.jar");
        Files.copy(Junicorn.DIST.resolve("examples/spring-boot-war/spring-boot-war.war"), jar);
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-b", "127.0.0.1:0", jar.toString()))) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(60)));
            String log = server.log();
            assertTrue(log.contains("App failed to load: " + jar + " is a Spring Boot executable jar with Tomcat"
                    + " (WEB-INF/lib-provided/tomcat-embed-core-"), log);
            assertTrue(log.contains("build it with io.junicorn:junicorn-spring-boot-starter"), log);
            assertFalse(log.contains("Address already in use") || log.contains("Starting Application"), log);
        } finally {
            Files.delete(jar);
            Files.delete(jar.getParent());
        }
    }

    @Test
    void traditionalDeploymentOnBoot3() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-k", "virtual", "-b", "127.0.0.1:0", "--class-path",
                Junicorn.DIST.resolve("examples/spring-boot3/lib") + "/*", "io.junicorn.examples.boot.Application"))) {
            Client.At client = Client.at(server.port());
            server.awaitLog("(?s)Started Application in .*Started Application in ", BOOT);
            assertApi(client, "");

            server.stopCleanly(EXPECTED_ERRORS);
            String log = server.log();
            assertEquals(2, log.lines().filter(line -> line.matches(BOOT_LINE + "\\[ +main] w\\.s\\.c\\.ServletWebServer"
                    + "ApplicationContext +: Root WebApplicationContext: initialization completed in \\d+ ms")).count(), log);
            assertFalse(log.contains("PARSER_ERROR") || log.contains("|-ERROR") || log.contains("|-WARN"), log);
        }
    }

    private static void servesExecutableJar(String example) throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-k", "virtual", "-b", "127.0.0.1:0",
                "--jvm-opt=-Dserver.servlet.context-path=/shop",
                Junicorn.DIST.resolve("examples").resolve(example).resolve(example + ".jar").toString()))) {
            Client.At client = Client.at(server.port());
            // ready only once Boot's context has refreshed and the starter's WebServer started
            server.awaitLog("(?s)Main mode: \\S+ started its HttpServer.*Main mode: \\S+ started its HttpServer", BOOT);
            assertApi(client, "/shop");

            HttpResponse<String> root = client.get("/shop");
            assertEquals(302, root.statusCode());
            assertEquals("/shop/", root.headers().firstValue("Location").orElseThrow());
            assertEquals(404, client.get("/users/7").statusCode(), "outside the context path");

            HttpResponse<byte[]> page = GZIP_CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/shop/")).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, page.statusCode());
            assertEquals("gzip", page.headers().firstValue("Content-Encoding").orElseThrow());
            assertTrue(page.headers().allValues("Vary").contains("Accept-Encoding"), page.headers().toString());
            String html = new String(new GZIPInputStream(new ByteArrayInputStream(page.body())).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(html.contains("<h1>Spring Boot on junicorn</h1>"), html);

            HttpResponse<String> liveness = client.get("/shop/actuator/health/liveness");
            assertEquals("{\"status\":\"UP\"}", liveness.body());
            assertUploadOverTheLimitIs413(client, "/shop");

            reloadsUnderKeptAliveLoad(server, "/shop/users/7");
            stopsWithASlowRequestInFlight(server, "/shop");
            String log = server.log();
            // two workers, then two more after the HUP: each drained by Boot's graceful shutdown
            assertEquals(4, log.lines().filter(line -> line.matches(BOOT_LINE + "\\[ionShutdownHook] "
                    + "\\S*JunicornWebServer +: Commencing graceful shutdown.*")).count(), log);
            assertEquals(4, log.lines().filter(line -> line.matches(BOOT_LINE + "\\[ionShutdownHook] "
                    + "\\S*JunicornWebServer +: Graceful shutdown complete")).count(), log);
            assertEquals(4, log.lines().filter(line -> line.contains("server.port=8080 do not apply in a junicorn worker"))
                    .count(), log);
        }
    }

    /** HUP while clients keep connections alive: a new generation of Boot workers replaces both, no request fails. */
    private static void reloadsUnderKeptAliveLoad(Junicorn server, String path) throws Exception {
        List<Long> before = server.workerPids();
        Load load = Load.keptAlive(server.port(), 4, path);
        try (load) {
            Junicorn.await("kept-alive traffic", Duration.ofSeconds(30), () -> load.ok() > 50);
            server.signal("HUP");
            server.awaitLog("Generation 2 is ready", BOOT);
            Junicorn.await("the old generation gone", Duration.ofSeconds(60), () -> {
                List<Long> now = server.workerPids();
                return now.size() == 2 && Collections.disjoint(now, before);
            });
            int served = load.ok();
            Junicorn.await("traffic after the reload", Duration.ofSeconds(30), () -> load.ok() > served + 50);
        }
        assertEquals(List.of(), load.failures(), "failed requests during HUP");
    }

    /** TERM while a request sleeps: it still gets its 200, then each worker's context closes and the master exits 0. */
    private static void stopsWithASlowRequestInFlight(Junicorn server, String contextPath) throws Exception {
        CompletableFuture<HttpResponse<String>> slow = GZIP_CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + contextPath + "/slow?millis=3000")).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofString());
        server.awaitLog("answering in 3000 ms", Duration.ofSeconds(30));
        server.signal("TERM");
        HttpResponse<String> answer = slow.get(60, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("{\"slept\":3000}", answer.body());
        assertEquals(0, server.awaitExit(Duration.ofSeconds(40)), "exit status after TERM");
        server.assertNoUnexpectedErrors(EXPECTED_ERRORS);
    }

    /** A file over spring.servlet.multipart.max-file-size (1MB): Boot's MaxUploadSizeExceededException, 413. */
    private static void assertUploadOverTheLimitIs413(Client.At client, String contextPath) throws Exception {
        String boundary = "junicornBoundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + "x".repeat(1_100_000) + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> upload = client.post(contextPath + "/uploads", "multipart/form-data; boundary=" + boundary,
                multipart);
        assertEquals(413, upload.statusCode(), upload.body());
    }

    /** What the example answers in every form, under {@code contextPath}. */
    private static void assertApi(Client.At client, String contextPath) throws Exception {
        HttpResponse<String> user = client.get(contextPath + "/users/7");
        assertEquals(200, user.statusCode(), user.body());
        assertEquals("{\"id\":7,\"name\":\"user7\",\"email\":\"user7@example.com\"}", user.body());

        HttpResponse<String> unknown = client.get(contextPath + "/users/4242");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("\"error\":\"unknown user\""), unknown.body());

        HttpResponse<String> invalid = client.post(contextPath + "/users", "application/json",
                "{\"id\":1,\"name\":\"\",\"email\":\"not an address\"}");
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("\"status\":400,\"error\":\"Bad Request\",\"path\":\"" + contextPath + "/users\""),
                invalid.body());
        assertEquals(201, client.post(contextPath + "/users", "application/json",
                "{\"id\":1,\"name\":\"Ana\",\"email\":\"ana@example.com\"}").statusCode());

        HttpResponse<String> boom = client.get(contextPath + "/boom");
        assertEquals(500, boom.statusCode());
        assertTrue(boom.body().contains("\"status\":500,\"error\":\"Internal Server Error\",\"path\":\"" + contextPath
                + "/boom\""), boom.body());

        String boundary = "junicornBoundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nabc\r\n--" + boundary + "--\r\n";
        HttpResponse<String> upload = client.post(contextPath + "/uploads", "multipart/form-data; boundary=" + boundary,
                multipart);
        assertEquals(200, upload.statusCode(), upload.body());
        assertTrue(upload.body().contains("\"sha256\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\""),
                upload.body());

        HttpResponse<String> first = client.get(contextPath + "/visits");
        assertEquals("{\"visits\":1}", first.body());
        String cookie = ServletApps.cookie(first);
        assertTrue(first.headers().firstValue("Set-Cookie").orElseThrow().contains("Path=" + (contextPath.isEmpty() ? "/"
                : contextPath)), first.headers().toString());
        HttpResponse<String> second = Client.send(Client.request(client.port(), contextPath + "/visits")
                .header("Cookie", cookie).build());
        // one worker keeps a session: the second request may reach the other worker (docs/servlet.md, Limits)
        assertTrue(second.body().equals("{\"visits\":2}") || second.body().equals("{\"visits\":1}"), second.body());

        HttpResponse<String> welcome = client.get(contextPath + "/");
        assertEquals(200, welcome.statusCode());
        assertTrue(welcome.body().contains("<h1>Spring Boot on junicorn</h1>"), welcome.body());

        HttpResponse<String> readiness = client.get(contextPath + "/actuator/health/readiness");
        assertEquals(200, readiness.statusCode(), readiness.body());
        assertEquals("{\"status\":\"UP\"}", readiness.body());
    }
}
