package io.junicorn.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gunicorn's own request corpus (../shared/corpus/gunicorn-requests.json), every case at every split:
 * whole, byte by byte, every two-piece split and random ones. A valid case must parse into exactly
 * gunicorn's requests; an invalid one must be refused with gunicorn's status, and nothing after it used.
 * Where RFC 9112 asks for another answer, {@link #DEPARTURES} names the section and the switch, if any,
 * that restores gunicorn's answer (docs/http.md lists the same). The connection's peer is taken to be
 * 127.0.0.1, as in the end-to-end run: a PROXY header (proxy_protocol cases) is read before the first head
 * (the addresses it announces are ProxyProtocolParserTest's), and the scheme headers count
 * (forwarded_allow_ips).
 */
class CorpusTest {
    static final Path CORPUS = Path.of("../../../shared/corpus/gunicorn-requests.json");

    /**
     * A case where junicorn answers otherwise than gunicorn: the outcome, the rule, the switch. When
     * {@code restoredBy} names a switch, the case run with it on must give gunicorn's requests.
     */
    record Departure(String outcome, String rule, String compat, String restoredBy) {
        Departure(String outcome, String rule, String compat) {
            this(outcome, rule, compat, null);
        }
    }

    static final Map<String, Departure> DEPARTURES = Map.of(
            "invalid/006", new Departure("error 414", "RFC 9110 §15.5.15: a too long request-target is 414 URI Too Long",
                    "none"),
            "invalid/version_02", new Departure("error 505", "RFC 9110 §15.6.6: 505 for a major version not supported",
                    "permit_unconventional_http_version serves it as HTTP/1.1"),
            "valid/005", new Departure("error 400 fragment in request-target", "RFC 9112 §3.2: a request-target "
                    + "has no fragment", "none"),
            "valid/009", new Departure("error 400 fragment in request-target", "RFC 9112 §3.2: a request-target has no "
                    + "fragment; and RFC 9112 §6.1: a server MAY reject Content-Length with Transfer-Encoding (here "
                    + "identity); junicorn always does", "none"),
            "valid/014", new Departure("error 400 byte outside RFC 3986", "RFC 9112 §3.2, RFC 3986 §2: '\"' is not "
                    + "URI syntax", "permit_unescaped_target", "permit_unescaped_target"),
            "valid/027", new Departure("error 400 byte outside RFC 3986", "RFC 9112 §3.2, RFC 3986 §2: raw UTF-8 is "
                    + "not URI syntax", "permit_unescaped_target", "permit_unescaped_target"),
            "valid/rfc9112_target_absolute_userinfo_01", new Departure("error 400 userinfo in the request-target",
                    "RFC 9110 §4.2.4: userinfo in an http(s) target is an error", "none"),
            "valid/099", new Departure("incomplete", "RFC 9112 §8: the body ends 8599 bytes into a Content-Length "
                    + "of 17914, an incomplete message, which gunicorn's harness reads as a short body", "none"));

    static final InetAddress PEER = InetAddress.getLoopbackAddress();

    /** What a connection needs besides the parser options: the PROXY protocol mode and forwarding trust. */
    record Setup(ParserOptions options, ProxyProtocolParser.Mode proxyProtocol, ForwardedHeaders forwarded) {
    }

    static final String ADDED_HOST = "corpus.test";

    @TestFactory
    Stream<DynamicTest> everyCaseAtEverySplit() throws IOException {
        assertTrue(Files.isRegularFile(CORPUS), "gunicorn's corpus is missing: expected " + CORPUS.toAbsolutePath()
                + " (the shared/ directory beside the repository)");
        JsonNode cases = new ObjectMapper().readTree(CORPUS.toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        return tests.stream();
    }

    private static void check(JsonNode c) {
        String name = c.get("name").asText();
        Setup options = setup(c.get("cfg"));
        byte[] raw = Base64.getDecoder().decode(c.get("raw_b64").asText());
        Departure departure = DEPARTURES.get(name);
        if (departure != null) {
            String outcome = outcomeAtEverySplit(raw, options);
            assertTrue(outcome.startsWith(departure.outcome()), name + " (" + departure.rule() + "; compat: "
                    + departure.compat() + "): " + outcome);
            if (departure.restoredBy() != null) {
                Setup compat = setup(((com.fasterxml.jackson.databind.node.ObjectNode) c.get("cfg").deepCopy())
                        .put(departure.restoredBy(), true));
                assertGunicornRequests(name + " with " + departure.restoredBy(), c, raw, compat);
            }
            return;
        }
        if (!c.get("valid").asBoolean()) {
            assertRefused(name, c, outcomeAtEverySplit(raw, options));
            return;
        }
        assertGunicornRequests(name, c, raw, options);
    }

    private static void assertGunicornRequests(String name, JsonNode c, byte[] raw, Setup options) {
        String expected = expectedRequests(c.get("requests"), null);
        if (lacksHost(c.get("requests"))) {
            // RFC 9112 §3.2: an HTTP/1.1 request without Host MUST get 400; no switch restores gunicorn's
            // acceptance. The same bytes with a Host field added must give gunicorn's requests.
            String outcome = outcomeAtEverySplit(raw, options);
            assertTrue(outcome.contains("error 400 HTTP/1.1 request without Host (RFC 9112 §3.2)"), name + ": " + outcome);
            byte[] withHost = addHost(raw, c.get("requests"));
            assertEquals(expectedRequests(c.get("requests"), ADDED_HOST), outcomeAtEverySplit(withHost, options), name);
            return;
        }
        assertEquals(expected, outcomeAtEverySplit(raw, options), name);
    }

    /** gunicorn's status for the error class; null (a body error or a truncated message) ends the connection. */
    private static void assertRefused(String name, JsonNode c, String outcome) {
        JsonNode status = c.get("worker_status");
        String why = name + " (" + c.get("exception").asText() + "): " + outcome;
        if (status.isNull()) {
            assertTrue(outcome.endsWith("incomplete") || outcome.contains("error 400 "), why);
        } else {
            assertTrue(outcome.startsWith("error " + status.asInt() + " "), why);
        }
    }

    static Setup setup(JsonNode cfg) {
        List<String> allowed = new ArrayList<>();
        cfg.path("forwarded_allow_ips").forEach(ip -> allowed.add(ip.asText()));
        ForwardedHeaders forwarded = new ForwardedHeaders(AddressList.parse(allowed.isEmpty()
                ? ForwardedHeaders.DEFAULT_FORWARDED_ALLOW_IPS : String.join(",", allowed)),
                ForwardedHeaders.schemeHeaders(ForwardedHeaders.DEFAULT_SECURE_SCHEME_HEADERS));
        return new Setup(options(cfg), ProxyProtocolParser.Mode.of(cfg.path("proxy_protocol").asText("off")),
                forwarded);
    }

    static ParserOptions options(JsonNode cfg) {
        return new ParserOptions(
                cfg.path("limit_request_line").asInt(ParserOptions.DEFAULT_REQUEST_LINE),
                cfg.path("limit_request_fields").asInt(ParserOptions.DEFAULT_FIELDS),
                cfg.path("limit_request_field_size").asInt(ParserOptions.DEFAULT_FIELD_SIZE),
                cfg.path("permit_obsolete_folding").asBoolean(false),
                cfg.path("casefold_http_method").asBoolean(false),
                ParserOptions.headerMap(cfg.path("header_map").asText("drop")),
                cfg.path("strip_header_spaces").asBoolean(false),
                cfg.path("permit_unconventional_http_method").asBoolean(false),
                cfg.path("permit_unconventional_http_version").asBoolean(false),
                cfg.path("permit_unescaped_target").asBoolean(false));
    }

    private static boolean lacksHost(JsonNode requests) {
        for (JsonNode r : requests) {
            boolean host = false;
            for (JsonNode h : r.get("headers")) {
                host |= h.get(0).asText().equals("HOST");
            }
            if (!host && r.get("version").get(1).asInt() == 1) {
                return true;
            }
        }
        return false;
    }

    /** The input with {@code Host: corpus.test} after each HTTP/1.1 request line that has no Host. */
    private static byte[] addHost(byte[] raw, JsonNode requests) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int from = 0;
        StringBuilder out = new StringBuilder();
        for (JsonNode r : requests) {
            // the target and version find the line; the method may have been case-folded
            String line = " " + r.get("uri").asText() + " HTTP/" + r.get("version").get(0).asInt() + "."
                    + r.get("version").get(1).asInt() + "\r\n";
            int at = text.indexOf(line, from);
            assertTrue(at >= 0, "request line not found: " + line);
            out.append(text, from, at + line.length());
            if (lacksHostIn(r)) {
                out.append("Host: ").append(ADDED_HOST).append("\r\n");
            }
            from = at + line.length();
        }
        out.append(text.substring(from));
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String expectedRequests(JsonNode requests, String addedHost) {
        StringBuilder out = new StringBuilder();
        for (JsonNode r : requests) {
            List<String> headers = new ArrayList<>();
            if (addedHost != null && lacksHostIn(r)) {
                headers.add("HOST: " + addedHost);
            }
            r.get("headers").forEach(h -> headers.add(h.get(0).asText() + ": " + h.get(1).asText()));
            List<String> trailers = new ArrayList<>();
            r.get("trailers").forEach(h -> trailers.add(h.get(0).asText() + ": " + h.get(1).asText()));
            out.append(describe(r.get("method").asText(), r.get("uri").asText(),
                    "HTTP/" + r.get("version").get(0).asInt() + "." + r.get("version").get(1).asInt(), headers,
                    new String(Base64.getDecoder().decode(r.get("body_b64").asText()), StandardCharsets.ISO_8859_1),
                    trailers));
        }
        return out.append("end").toString();
    }

    private static boolean lacksHostIn(JsonNode r) {
        for (JsonNode h : r.get("headers")) {
            if (h.get(0).asText().equals("HOST")) {
                return false;
            }
        }
        return r.get("version").get(1).asInt() == 1;
    }

    private static String describe(String method, String uri, String version, List<String> headers, String body,
                                   List<String> trailers) {
        return method + " " + uri + " " + version + "\n  headers " + headers + "\n  body " + body.length() + " "
                + body + "\n  trailers " + trailers + "\n";
    }

    /** The outcome of the whole input, asserted to be the same for every split. */
    static String outcomeAtEverySplit(byte[] raw, Setup options) {
        String whole = Connection.run(raw, new int[0], options);
        for (int[] cuts : Splits.all(raw.length)) {
            String split = Connection.run(raw, cuts, options);
            if (!split.equals(whole)) {
                assertEquals(whole, split, "different outcome when cut at " + java.util.Arrays.toString(cuts));
            }
        }
        return whole;
    }

    /**
     * What a connection does with the input: a PROXY header, then requests in order until the end, a refusal,
     * or a truncation. Until the PROXY header is decided, input accumulates as in the connection's read buffer.
     */
    static final class Connection {
        private final ProxyProtocolParser proxy;
        private ByteBuffer beforeProxyDecided = ByteBuffer.allocate(0);
        private final ForwardedHeaders forwarded;
        private final RequestParser parser;
        private final ChunkedDecoder chunked;
        private final StringBuilder out = new StringBuilder();
        private RequestHead head;
        private BodyDecoder body;
        private final java.io.ByteArrayOutputStream bodyBytes = new java.io.ByteArrayOutputStream();
        private boolean closed;

        private Connection(Setup setup) {
            proxy = new ProxyProtocolParser(setup.proxyProtocol());
            forwarded = setup.forwarded();
            parser = new RequestParser(setup.options());
            chunked = new ChunkedDecoder(setup.options());
        }

        static String run(byte[] raw, int[] cuts, Setup setup) {
            Connection c = new Connection(setup);
            try {
                for (ByteBuffer piece : Splits.pieces(raw, cuts, false)) {
                    if (c.beforeProxyDecided != null) {
                        piece = c.proxyHeader(piece);
                        if (piece == null) {
                            continue;
                        }
                    }
                    c.feed(piece);
                    if (c.closed) {
                        return c.out.append("end").toString();
                    }
                }
                return c.head != null || c.parser.started() || c.beforeProxyDecided != null
                        && c.beforeProxyDecided.hasRemaining() ? c.out.append("incomplete").toString()
                        : c.out.append("end").toString();
            } catch (HttpException e) {
                return c.out.append("error ").append(e.status()).append(' ').append(e.reason()).toString();
            }
        }

        /** The input after the PROXY header once it is decided, else null (more is needed). */
        private ByteBuffer proxyHeader(ByteBuffer piece) {
            ByteBuffer joined = ByteBuffer.allocate(beforeProxyDecided.remaining() + piece.remaining());
            joined.put(beforeProxyDecided).put(piece).flip();
            ProxyHeader header = proxy.parse(joined);
            if (header == null) {
                beforeProxyDecided = joined;
                return null;
            }
            beforeProxyDecided = null;
            return joined;
        }

        private void feed(ByteBuffer in) {
            while (in.hasRemaining() && !closed) {
                if (head == null) {
                    head = parser.parse(in);
                    if (head == null) {
                        return;
                    }
                    if (forwarded.trusts(PEER)) {
                        forwarded.scheme(head, "http"); // refuses scheme headers that disagree
                    }
                    bodyBytes.reset();
                    body = bodyDecoder(head);
                }
                if (body != null && !body.isComplete()) {
                    byte[] dst = new byte[64];
                    int n = body.read(in, dst, 0, dst.length);
                    bodyBytes.write(dst, 0, n);
                    if (!body.isComplete()) {
                        continue;
                    }
                }
                finishRequest();
            }
        }

        private BodyDecoder bodyDecoder(RequestHead h) {
            if (h.chunked()) {
                chunked.reset();
                return chunked;
            }
            return h.contentLength() > 0 ? new FixedLengthDecoder(h.contentLength()) : null;
        }

        private void finishRequest() {
            List<String> headers = new ArrayList<>();
            head.fields().forEach(f -> headers.add(upper(f.name()) + ": " + f.value()));
            List<String> trailers = new ArrayList<>();
            if (head.chunked()) {
                chunked.trailers().forEach(f -> trailers.add(upper(f.name()) + ": " + f.value()));
            }
            out.append(describe(head.method(), head.target(), head.version().text(), headers,
                    bodyBytes.toString(StandardCharsets.ISO_8859_1), trailers));
            closed = !head.keepAlive();
            head = null;
            body = null;
            parser.reset();
        }

        private static String upper(String name) {
            return name.toUpperCase(java.util.Locale.ROOT);
        }
    }
}
