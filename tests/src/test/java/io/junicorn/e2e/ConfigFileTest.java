package io.junicorn.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A config file drives the server, HUP re-reads it, a broken one keeps the running settings; --check-config. */
class ConfigFileTest {
    @TempDir
    Path directory;

    private Path writeConfig(String extra) throws IOException {
        Path file = directory.resolve("server.toml");
        Files.writeString(file, String.format("""
                bind = ["127.0.0.1:0"]
                class_path = ["%s"]
                app = "%s"
                %s
                """, Junicorn.HELLO_JAR, Junicorn.HELLO, extra));
        return file;
    }

    @Test
    void hupRereadsTheFileAndABrokenOneKeepsTheRunningSettings() throws Exception {
        Path file = writeConfig("workers = 2");
        try (Junicorn server = Junicorn.start(List.of("-c", file.toString()))) {
            server.awaitServingWorkers(2, Duration.ofSeconds(30));

            writeConfig("workers = 3");
            server.signal("HUP");
            server.awaitLog("Generation 2 is ready", Duration.ofSeconds(30));
            server.awaitServingWorkers(3, Duration.ofSeconds(30));

            Files.writeString(file, "wrokers = 4\n", java.nio.file.StandardOpenOption.APPEND);
            server.signal("HUP");
            server.awaitLog("Reload failed, keeping the running configuration: unknown setting 'wrokers' in "
                    + java.util.regex.Pattern.quote(file.toString()) + "; did you mean 'workers'\\?",
                    Duration.ofSeconds(10));
            server.awaitServingWorkers(3, Duration.ofSeconds(10));
            assertFalse(server.log().contains("Generation 3"), server.log());

            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors("Reload failed, keeping the running configuration");
        }
    }

    @Test
    void aBadValueInTheFileStopsTheStartWithOneLine() throws Exception {
        Path file = writeConfig("workers = -2");
        try (Junicorn server = Junicorn.start(List.of("-c", file.toString()))) {
            assertEquals(1, server.awaitExit(Duration.ofSeconds(20)));
            assertEquals("junicorn: error: workers = -2 in " + file + ": must be at least 1\n", server.log());
        }
    }

    @Test
    void checkConfigBindsNothingAndExitsZeroOrOne() throws Exception {
        int port = freePort();
        List<String> common = List.of("--check-config", "-b", "127.0.0.1:" + port, "--class-path", Junicorn.HELLO_JAR);
        try (Junicorn good = Junicorn.start(concat(common, Junicorn.HELLO))) {
            assertEquals(0, good.awaitExit(Duration.ofSeconds(20)), good.log());
            assertEquals("", good.log());
        }
        try (Junicorn missing = Junicorn.start(concat(common, "com.example.Missing"))) {
            assertEquals(1, missing.awaitExit(Duration.ofSeconds(20)), missing.log());
            assertTrue(missing.log().startsWith("junicorn: error: no class com.example.Missing on the class path "),
                    missing.log());
            assertTrue(missing.log().contains(Junicorn.HELLO_JAR), missing.log());
            assertEquals(1, missing.log().lines().count(), missing.log());
        }
        try (ServerSocket stillFree = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(stillFree.isBound(), "port " + port + " was left free by --check-config");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static List<String> concat(List<String> args, String last) {
        List<String> all = new java.util.ArrayList<>(args);
        all.add(last);
        return all;
    }
}
