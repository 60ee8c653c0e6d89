package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failing hook never takes down the master: it is logged with the hook's name and the server keeps serving.
 * A hooks class that cannot be loaded is a configuration error; a failing post_worker_init a boot failure.
 */
class HookFailureTest {
    /** The compiled test classes, ThrowingHooks and FailingInitHooks among them, as a server's --class-path. */
    private static String hooksClasses() throws Exception {
        return Path.of(HookFailureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void throwingHooksAreLoggedAndTheServerKeepsServing() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0",
                "--hooks", "io.junicorn.e2e.hooks.ThrowingHooks",
                "--class-path", hooksClasses() + ":" + Junicorn.HELLO_JAR, Junicorn.HELLO))) {
            long first = server.awaitServingWorkers(1, Duration.ofSeconds(30)).getFirst();
            assertEquals("Hello, World!", Http.get(server.port(), "/").body(), "pre_request and post_request threw");
            Junicorn.signal(first, "KILL");
            server.awaitLog("Hook child_exit \\(io.junicorn.e2e.hooks.ThrowingHooks\\) failed", Duration.ofSeconds(30));
            long second = server.awaitServingWorkers(1, Duration.ofSeconds(30)).getFirst();
            assertNotEquals(first, second, "the killed worker was replaced although child_exit and pre_fork threw");
            server.signal("HUP");
            server.awaitLog("Generation 2 is ready", Duration.ofSeconds(30));
            server.awaitLog("Hook worker_exit \\(io.junicorn.e2e.hooks.ThrowingHooks\\) failed", Duration.ofSeconds(30));
            Junicorn.await("generation 2 serving alone", Duration.ofSeconds(30),
                    () -> !server.workerPids().contains(second));
            assertEquals(200, Http.get(server.port(), "/").status(), "on_reload threw; the new generation serves");
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)), "on_exit threw; the exit status is unchanged");
            String log = server.log();
            for (String hook : List.of("on_starting", "nworkers_changed", "when_ready", "pre_fork", "pre_request",
                    "post_request", "child_exit", "on_reload", "worker_exit", "on_exit")) {
                assertTrue(log.contains("[ERROR] Hook " + hook + " (io.junicorn.e2e.hooks.ThrowingHooks) failed: "
                        + "java.lang.IllegalStateException: ThrowingHooks threw in " + hook), hook + " in\n" + log);
            }
            server.assertNoUnexpectedErrors("ThrowingHooks", "was sent SIGKILL");
        }
    }

    @Test
    void aHooksClassThatCannotBeLoadedIsAConfigurationError() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-b", "127.0.0.1:0", "--hooks", "com.example.NoSuchHooks",
                "--class-path", Junicorn.HELLO_JAR, Junicorn.HELLO))) {
            assertEquals(1, server.awaitExit(Duration.ofSeconds(30)));
            assertEquals(List.of("junicorn: error: hooks = com.example.NoSuchHooks: no such class on --class-path "
                    + Junicorn.HELLO_JAR), server.log().lines().toList());
        }
    }

    @Test
    void aFailingPostWorkerInitIsABootFailure() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0",
                "--hooks", "io.junicorn.e2e.hooks.FailingInitHooks",
                "--class-path", hooksClasses() + ":" + Junicorn.HELLO_JAR, Junicorn.HELLO))) {
            assertEquals(3, server.awaitExit(Duration.ofSeconds(30)));
            String log = server.log();
            assertTrue(log.contains("Worker failed to boot: hook post_worker_init (io.junicorn.e2e.hooks.FailingInitHooks) "
                    + "failed: java.lang.IllegalStateException: FailingInitHooks: no connection pool"), log);
            assertTrue(log.contains("Reason: Worker failed to boot."), log);
        }
    }
}
