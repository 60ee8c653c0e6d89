package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring Boot example, deployed the traditional way (a SpringBootServletInitializer, Tomcat provided), on two
 * virtual-thread workers: Boot configures its own Logback and neither its lines nor junicorn's suffer from it.
 */
class SpringBootExampleTest {
    /** A line of Boot's default console format: ISO time, level, pid, ---, application name. */
    private static final String BOOT_LINE = "\\d{4}-\\d\\d-\\d\\dT\\S+ +INFO \\d+ --- \\[junicorn-boot-example] ";

    @Test
    void servesWithBootsLoggingAndJunicornsApart() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-k", "virtual", "-b", "127.0.0.1:0", "--class-path",
                ServletApps.exampleClassPath("spring-boot-app"), "io.junicorn.examples.boot.Application"))) {
            Client.At client = Client.at(server.port());
            // Spring Boot takes seconds to start on a busy machine; the boot timeout (120 s) bounds it
            server.awaitLog("(?s)Started Application in .*Started Application in ", Duration.ofSeconds(120));

            HttpResponse<String> hello = client.get("/hello");
            assertEquals(200, hello.statusCode(), hello.body());
            assertEquals("{\"message\":\"Hello from Spring Boot on junicorn\"}", hello.body());
            assertEquals("{\"greeting\":\"Hello, Ana!\"}", client.get("/greet/Ana").body());
            HttpResponse<String> missing = client.get("/no/such/page");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("\"status\":404,\"error\":\"Not Found\",\"path\":\"/no/such/page\""),
                    missing.body());
            server.awaitLog("(?m)^" + BOOT_LINE + "\\[.*] i\\.j\\.examples\\.boot\\.GreetingController +: greeting Ana$",
                    Duration.ofSeconds(10));

            server.stopCleanly();
            String log = server.log();
            assertEquals(2, log.lines().filter(line -> line.matches(BOOT_LINE + "\\[ +main] w\\.s\\.c\\.ServletWebServer"
                    + "ApplicationContext +: Root WebApplicationContext: initialization completed in \\d+ ms")).count(), log);
            assertEquals(2, log.lines().filter(line -> line.matches("\\[[^]]+] \\[\\d+] \\[INFO] Worker got TERM, "
                    + "finishing in-flight requests")).count(), log);
            assertEquals(2, log.lines().filter(line -> line.matches("\\[[^]]+] \\[\\d+] \\[INFO] Worker exiting "
                    + "\\(pid: \\d+\\)")).count(), log);
            assertFalse(log.contains("PARSER_ERROR") || log.contains("|-ERROR") || log.contains("|-WARN"), log);
        }
    }
}
