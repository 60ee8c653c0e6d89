package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The error log's settings seen from outside: JSON lines, and a log file that cannot be opened. */
class ErrorLogTest {
    /** A JSON string per RFC 8259 §7. */
    private static final String JSON_STRING = "\"(?:[^\"\\\\\\x00-\\x1f]|\\\\[\"\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4})*\"";
    private static final Pattern JSON_LINE = Pattern.compile("\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"
            + "(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d)\",\"level\":\"(?:TRACE|DEBUG|INFO|WARN|ERROR)\",\"pid\":\\d+,"
            + "\"logger\":" + JSON_STRING + ",\"message\":" + JSON_STRING + "(?:,\"exception\":" + JSON_STRING + ")?}");

    @Test
    void jsonLinesFromMasterAndWorkers() throws Exception {
        try (Junicorn server = Junicorn.hello("--log-format", "json")) {
            List<Long> workers = server.awaitServingWorkers(1, Duration.ofSeconds(30));
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
            List<String> lines = server.log().lines().toList();
            for (String line : lines) {
                assertTrue(JSON_LINE.matcher(line).matches(), "not a JSON line: " + line);
            }
            assertTrue(lines.stream().anyMatch(line -> line.contains("\"pid\":" + server.pid() + ",")
                    && line.contains("\"message\":\"Shutting down: Master\"")), server.log());
            assertTrue(lines.stream().anyMatch(line -> line.contains("\"pid\":" + workers.get(0) + ",")
                    && line.contains("\"message\":\"Booting worker with pid: " + workers.get(0) + "\"")), server.log());
        }
    }

    @Test
    void unopenableErrorLogStopsTheStartWithOneLine() throws Exception {
        try (Junicorn server = Junicorn.hello("--error-logfile", "/nonexistent-junicorn-dir/error.log")) {
            assertEquals(1, server.awaitExit(Duration.ofSeconds(30)));
            assertEquals("junicorn: error: errorlog = /nonexistent-junicorn-dir/error.log: cannot open for appending:"
                    + " no such directory\n", server.log());
        }
    }
}
