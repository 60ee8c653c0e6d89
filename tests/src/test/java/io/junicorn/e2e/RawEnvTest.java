package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** -e/--env KEY=VALUE (gunicorn's raw_env): the workers get the variables, over what the master inherited. */
class RawEnvTest {
    @Test
    void workersSeeTheVariables() throws Exception {
        try (Junicorn server = Junicorn.start(List.of(), List.of("-e", "GREETING=hello=world", "--env", "HOME=/srv",
                "--class-path", Junicorn.HELLO_JAR, Junicorn.HELLO), java.util.Map.of("HOME", "/root/elsewhere"))) {
            long worker = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            List<String> environment = List.of(Files.readString(Path.of("/proc", Long.toString(worker), "environ"))
                    .split("\0"));
            assertTrue(environment.contains("GREETING=hello=world"), environment.toString());
            assertEquals(List.of("HOME=/srv"), environment.stream().filter(entry -> entry.startsWith("HOME=")).toList());
            server.stopCleanly();
        }
    }

    @Test
    void junicornsOwnVariablesAreRefused() throws Exception {
        try (Junicorn server = Junicorn.hello("-e", "JUNICORN_WORKER=7")) {
            assertEquals(1, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("JUNICORN_WORKER"), server.log());
        }
    }
}
