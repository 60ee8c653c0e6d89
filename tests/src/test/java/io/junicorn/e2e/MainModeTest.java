package io.junicorn.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Main mode: an application's main runs in each worker, the HttpServer it starts is served on the worker's
 * listeners; a main that fails, returns or never starts a server halts the master with one line.
 */
class MainModeTest {
    private static final String APPS = "io.junicorn.e2e.apps.MainModeApps";

    @ParameterizedTest
    @ValueSource(strings = {"sync", "gthread", "virtual"})
    void everyWorkerRunsMainAndServesItsServer(String workerClass) throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-k", workerClass, "-b", "127.0.0.1:0",
                "--jvm-opt", "-Dapi.files=/tmp",
                "--class-path", AppSpecTest.testClasses(), "io.junicorn.e2e.apps.ApiServer"))) {
            int port = server.port();
            server.awaitLog("(?s)Main mode: io.junicorn.e2e.apps.ApiServer.main started its HttpServer.*"
                    + "Main mode: io.junicorn.e2e.apps.ApiServer.main started its HttpServer", Duration.ofSeconds(30));
            assertEquals("api /api", Client.get(port, "/api/x").body());
            assertEquals("ATTRIBUTE=GET CONTEXT=HI", Client.get(port, "/filtered").body());
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
        }
    }

    @Test
    void mainThrowingHaltsTheMaster() throws Exception {
        assertHalts(APPS + "$Throws", List.of(), "App failed to load: " + APPS + "$Throws.main threw "
                + "java.lang.IllegalStateException: no database configured before starting an HttpServer");
    }

    @Test
    void mainReturningWithoutAServerHaltsTheMaster() throws Exception {
        assertHalts(APPS + "$Returns", List.of(), "App failed to load: " + APPS + "$Returns.main returned without "
                + "starting an HttpServer");
    }

    @Test
    void mainNeverStartingAServerHaltsWithinTheBootTimeout() throws Exception {
        assertHalts(APPS + "$NeverStarts", List.of("--boot-timeout", "15"), "App failed to load: " + APPS
                + "$NeverStarts.main did not start an HttpServer within --boot-timeout (15.0 s after the worker's spawn)");
    }

    @Test
    void httpsServerIsRefusedClearly() throws Exception {
        assertHalts(APPS + "$Https", List.of(), "App failed to load: " + APPS + "$Https.main threw java.io.IOException: "
                + "junicorn does not serve an application's HttpsServer");
    }

    private static void assertHalts(String app, List<String> extra, String line) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-w", "2", "-b", "127.0.0.1:0"));
        args.addAll(extra);
        args.addAll(List.of("--class-path", AppSpecTest.testClasses(), app));
        try (Junicorn server = Junicorn.start(args)) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(60)));
            String log = server.log();
            assertTrue(log.contains(line), log);
            assertTrue(log.contains("Reason: App failed to load."), log);
            long boots = log.lines().filter(l -> l.contains("Booting worker")).count();
            assertTrue(boots <= 2, "no respawn loop: " + boots + "\n" + log);
        }
    }
}
