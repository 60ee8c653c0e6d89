package io.junicorn.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access log: gunicorn's atoms in a custom format to a file, and gunicorn's default format on stdout. */
class AccessLogTest {
    private static final String CLF_DATE = "\\[\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\\]";

    @TempDir
    Path dir;

    @Test
    void customFormatWithManyAtoms() throws Exception {
        Path accessLog = dir.resolve("access.log");
        String format = "%(h)s %(l)s %(u)s \"%(r)s\" %(s)s %(b)s %(B)s %(m)s %(U)s %(q)s %(H)s \"%(f)s\" \"%(a)s\" "
                + "%({X-Test}i)s %({content-type}o)s %({missing}i)s %(p)s %({PATH}e)s 100%% %(t)s %(T)s %(D)s %(M)s %(L)s";
        try (Junicorn server = Junicorn.hello("--access-logfile", accessLog.toString(), "--access-logformat", format)) {
            long worker = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            String body;
            try (Socket socket = Http.connect(server.port())) {
                Http.send(socket, "GET /j%73on?x=%41 HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: probe \"quoted\"\r\n"
                        + "Referer: http://example.test/start\r\nX-Test: yes\r\nAuthorization: Basic ZnJhbms6c2VjcmV0\r\n"
                        + "Connection: close\r\n\r\n");
                body = Http.read(socket.getInputStream()).body();
            }
            String line = awaitLine(accessLog, "/j%73on");
            String expected = "127.0.0.1 - frank \"GET /j%73on?x=%41 HTTP/1.1\" 200 " + body.length() + " " + body.length()
                    + " GET /json x=%41 HTTP/1.1 \"http://example.test/start\" \"probe \\\"quoted\\\"\" yes application/json - <"
                    + worker + "> " + System.getenv("PATH") + " 100% ";
            assertTrue(line.startsWith(expected), "expected\n" + expected + "\nat the start of\n" + line);
            Matcher times = Pattern.compile(CLF_DATE + " (\\d+) (\\d+) (\\d+) (\\d+)\\.(\\d{6})")
                    .matcher(line.substring(expected.length()));
            assertTrue(times.matches(), line);
            long micros = Long.parseLong(times.group(2));
            assertEquals(micros / 1_000_000, Long.parseLong(times.group(1)), "T: whole seconds of D");
            assertEquals(micros / 1_000, Long.parseLong(times.group(3)), "M: milliseconds of D");
            assertEquals(micros / 1_000_000, Long.parseLong(times.group(4)), "L: seconds of D");
            assertEquals(micros % 1_000_000, Long.parseLong(times.group(5)), "L: microseconds of D");
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
            server.assertNoUnexpectedErrors();
        }
    }

    @Test
    void gunicornDefaultFormatOnStdout() throws Exception {
        try (Junicorn server = Junicorn.hello("--access-logfile", "-")) {
            int port = server.port();
            try (Socket socket = Http.connect(port)) {
                Http.send(socket, "GET /?default=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: junicorn-e2e\r\n"
                        + "Connection: close\r\n\r\n");
                assertEquals(200, Http.read(socket.getInputStream()).status());
            }
            server.awaitLog("\\n127\\.0\\.0\\.1 - - " + CLF_DATE
                    + " \"GET /\\?default=1 HTTP/1\\.1\" 200 13 \"-\" \"junicorn-e2e\"\\n", Duration.ofSeconds(20));
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
        }
    }

    /** The first line of the file containing the text, once a worker has written it. */
    static String awaitLine(Path file, String text) {
        String[] found = new String[1];
        Junicorn.await("a line with " + text + " in " + file, Duration.ofSeconds(20), () -> {
            Optional<String> line = lines(file).stream().filter(l -> l.contains(text)).findFirst();
            line.ifPresent(l -> found[0] = l);
            return line.isPresent();
        });
        return found[0];
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
