package io.junicorn.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gunicorn's request corpus end to end: each case's raw bytes sent to a worker running Echo, then the
 * client's side shut down. A valid case echoes exactly gunicorn's requests; an invalid one gets
 * gunicorn's status with Connection: close (or, for a truncated message, no response) and nothing after
 * it is answered. Cases are grouped by their settings, one server per group. The departures from
 * gunicorn are the codec's (java/junicorn-http CorpusTest, docs/http.md).
 */
class CorpusTest {
    static final Path CORPUS = Path.of("../../shared/corpus/gunicorn-requests.json");
    static final ObjectMapper JSON = new ObjectMapper();

    /** junicorn's status where RFC 9110 asks for another than gunicorn's (docs/http.md). */
    static final Map<String, Integer> STATUS_DEPARTURES = Map.of("invalid/006", 414, "invalid/version_02", 505,
            "valid/009", 400, "valid/005", 400, "valid/014", 400, "valid/027", 400,
            "valid/rfc9112_target_absolute_userinfo_01", 400);
    /** Cases whose body ends before its Content-Length: an incomplete message, no response (RFC 9112 §8). */
    static final List<String> TRUNCATED = List.of("valid/099");

    // about a minute per worker class on an idle 2-core machine (a server per settings group): more than the
    // suite's default of 3 minutes when the machine is loaded
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @ParameterizedTest
    @ValueSource(strings = {"virtual", "nio"})
    void everyCaseThroughAWorker(String workerClass) throws Exception {
        assertTrue(Files.isRegularFile(CORPUS), "gunicorn's corpus is missing: expected " + CORPUS.toAbsolutePath()
                + " (the shared/ directory beside the repository)");
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode c : JSON.readTree(CORPUS.toFile())) {
            groups.computeIfAbsent(c.get("cfg").toString(), k -> new ArrayList<>()).add(c);
        }
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (List<JsonNode> cases : groups.values()) {
            List<String> args = new ArrayList<>(List.of("-w", "1", "-k", workerClass, "-b", "127.0.0.1:0",
                    "--class-path", Junicorn.HELLO_JAR));
            args.addAll(flags(cases.get(0).get("cfg")));
            args.add("io.junicorn.examples.Echo");
            try (Junicorn server = Junicorn.start(args)) {
                int port = server.port();
                for (JsonNode c : cases) {
                    try {
                        check(port, c);
                    } catch (AssertionError | IOException e) {
                        failures.add(c.get("name").asText() + " " + args + ": " + e.getMessage());
                    }
                    checked++;
                }
                server.signal("TERM");
                assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
                server.assertNoUnexpectedErrors();
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " cases failed:\n"
                + String.join("\n", failures));
        assertTrue(checked > 120, "only " + checked + " cases ran");
    }

    /**
     * gunicorn's setting names are junicorn's; the flags are gunicorn's too. A list (forwarded_allow_ips) is
     * gunicorn's comma-separated string.
     */
    static List<String> flags(JsonNode cfg) {
        List<String> flags = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = cfg.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String flag = e.getKey().equals("limit_request_field_size") ? "--limit-request-field_size"
                    : "--" + e.getKey().replace('_', '-');
            if (e.getValue().isBoolean()) {
                assertTrue(e.getValue().asBoolean(), "a false switch is the default: " + e);
                flags.add(flag);
            } else if (e.getValue().isArray()) {
                List<String> entries = new ArrayList<>();
                e.getValue().forEach(entry -> entries.add(entry.asText()));
                flags.add(flag);
                flags.add(String.join(",", entries));
            } else {
                flags.add(flag);
                flags.add(e.getValue().asText());
            }
        }
        return flags;
    }

    private static void check(int port, JsonNode c) throws IOException {
        String name = c.get("name").asText();
        byte[] raw = Base64.getDecoder().decode(c.get("raw_b64").asText());
        List<Response> responses = exchange(port, raw);
        if (TRUNCATED.contains(name)) {
            assertEquals(List.of(), responses, "no response to an incomplete message");
            return;
        }
        Integer departure = STATUS_DEPARTURES.get(name);
        if (!c.get("valid").asBoolean() || departure != null) {
            assertRefused(c, departure, responses);
            return;
        }
        JsonNode requests = c.get("requests");
        if (lacksHost(requests)) {
            // RFC 9112 §3.2: 400 for an HTTP/1.1 request without Host; with one added, gunicorn's requests
            Response refused = responses.get(responses.size() - 1);
            assertEquals(400, refused.status, "HTTP/1.1 without Host");
            assertTrue(refused.closes(), "Connection: close on the 400");
            raw = withHost(raw, requests);
            responses = exchange(port, raw);
        }
        assertEquals(requests.size(), responses.size(), "responses: " + responses);
        for (int i = 0; i < requests.size(); i++) {
            assertEcho(requests.get(i), responses.get(i));
        }
    }

    private static void assertRefused(JsonNode c, Integer departure, List<Response> responses) {
        JsonNode status = c.get("worker_status");
        for (Response r : responses.subList(0, Math.max(0, responses.size() - 1))) {
            assertEquals(200, r.status, "only requests before the refused one are answered");
        }
        if (departure == null && status.isNull()) {
            // a body error or a truncated message: gunicorn closes without a response; junicorn answers a body
            // framing error with 400 (Echo reads the whole body first, so nothing else is answered)
            assertTrue(responses.isEmpty() || (responses.size() == 1 && responses.get(0).status == 400
                    && responses.get(0).closes()), "responses: " + responses);
            return;
        }
        assertTrue(!responses.isEmpty(), "no response");
        Response last = responses.get(responses.size() - 1);
        assertEquals(departure != null ? departure : status.asInt(), last.status, last.head);
        assertTrue(last.closes(), "Connection: close in " + last.head);
    }

    private static void assertEcho(JsonNode expected, Response response) throws IOException {
        assertEquals(200, response.status, response.head + response.body);
        JsonNode echo = JSON.readTree(response.body);
        assertEquals(expected.get("method").asText(), echo.get("method").asText());
        assertEquals(expected.get("uri").asText(), echo.get("target").asText());
        JsonNode v = expected.get("version");
        assertEquals("HTTP/" + v.get(0).asInt() + "." + v.get(1).asInt(), echo.get("version").asText());
        List<String> want = new ArrayList<>();
        if (lacksHost(expected)) {
            want.add("HOST: corpus.test");
        }
        expected.get("headers").forEach(h -> want.add(h.get(0).asText() + ": " + h.get(1).asText()));
        List<String> got = new ArrayList<>();
        echo.get("headers").forEach(h -> got.add(h.get(0).asText().toUpperCase(Locale.ROOT) + ": " + h.get(1).asText()));
        assertEquals(want, got);
        assertEquals(expected.get("body_b64").asText(), echo.get("body_b64").asText());
    }

    private static boolean lacksHost(JsonNode requestOrRequests) {
        if (requestOrRequests.isArray()) {
            for (JsonNode r : requestOrRequests) {
                if (lacksHost(r)) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode h : requestOrRequests.get("headers")) {
            if (h.get(0).asText().equals("HOST")) {
                return false;
            }
        }
        return requestOrRequests.get("version").get(1).asInt() == 1;
    }

    /** The bytes with {@code Host: corpus.test} after each HTTP/1.1 request line that has no Host. */
    private static byte[] withHost(byte[] raw, JsonNode requests) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (JsonNode r : requests) {
            String line = " " + r.get("uri").asText() + " HTTP/" + r.get("version").get(0).asInt() + "."
                    + r.get("version").get(1).asInt() + "\r\n";
            int at = text.indexOf(line, from);
            assertTrue(at >= 0, "request line not found: " + line);
            out.append(text, from, at + line.length());
            if (lacksHost(r)) {
                out.append("Host: corpus.test\r\n");
            }
            from = at + line.length();
        }
        return out.append(text.substring(from)).toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    record Response(int status, String head, String body) {
        boolean closes() {
            return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
        }
    }

    /** Sends the bytes, shuts the sending side, and reads every response until the server closes. */
    static List<Response> exchange(int port, byte[] raw) throws IOException {
        byte[] received;
        try (Socket socket = Http.connect(port)) {
            socket.getOutputStream().write(raw);
            socket.shutdownOutput();
            received = socket.getInputStream().readAllBytes();
        }
        InputStream in = new ByteArrayInputStream(received);
        List<Response> responses = new ArrayList<>();
        while (in.available() > 0) {
            Http.Response r = Http.read(in);
            responses.add(new Response(r.status(), r.head(), r.body()));
        }
        return responses;
    }
}
