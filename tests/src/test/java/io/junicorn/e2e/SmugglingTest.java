package io.junicorn.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One socket-level case per request-smuggling class of research/http-conformance.md §3: the refusal
 * status, Connection: close, the server closing the connection on its own, and a request sent after the
 * bad framing never answered. Each class (this one, NioSmugglingTest) owns its server: one instance per class
 * holds it, so a subclass never overwrites the field its superclass's server is stopped through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmugglingTest {
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String CHUNKED_POST = "POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    private Junicorn server;
    private int port;

    record Refusal(String name, String bytes, int status) {
    }

    static final List<Refusal> REFUSALS = List.of(
            new Refusal("1 CL and TE", "POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            new Refusal("2 duplicate Content-Length", "POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    + "Content-Length: 5\r\n\r\nhello", 400),
            new Refusal("3 invalid Content-Length", "POST /read HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello", 400),
            new Refusal("4 chunked not final", "POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n"
                    + "\r\n0\r\n\r\n", 400),
            new Refusal("4 unknown transfer coding", "POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: foo, "
                    + "chunked\r\n\r\n0\r\n\r\n", 501),
            new Refusal("5 TE obfuscated with VT", "POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\u000b\r\n"
                    + "\r\n0\r\n\r\n", 400),
            new Refusal("6 TE in HTTP/1.0", "POST /read HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            new Refusal("7 whitespace before the colon", "POST /read HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\n"
                    + "hello", 400),
            new Refusal("8 obs-fold", "POST /read HTTP/1.1\r\nHost: x\r\nX: a\r\n Content-Length: 5\r\n\r\nhello", 400),
            new Refusal("9 bare CR", "POST /read HTTP/1.1\r\nHost: x\r\nX: a\rTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            new Refusal("10 bare LF", "POST /read HTTP/1.1\r\nHost: x\r\nX: a\nContent-Length: 5\r\n\r\nhello", 400),
            new Refusal("11 NUL in a field value", "GET /read HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n", 400),
            new Refusal("12 whitespace before the first field", "GET /read HTTP/1.1\r\n Host: x\r\n\r\n", 400),
            new Refusal("13 invalid chunk size", CHUNKED_POST + "0x5\r\nhello\r\n0\r\n\r\n", 400),
            new Refusal("14 chunk data without CRLF", CHUNKED_POST + "5\r\nhelloXX0\r\n\r\n", 400),
            new Refusal("15 malformed chunk extension", CHUNKED_POST + "5;a\u0001b\r\nhello\r\n0\r\n\r\n", 400),
            new Refusal("16 Content-Length in the trailer", CHUNKED_POST + "5\r\nhello\r\n0\r\nContent-Length: 40\r\n\r\n", 400),
            new Refusal("17 invalid request line", "GET  /read HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            new Refusal("17 unsupported major version", "GET /read HTTP/2.0\r\nHost: x\r\n\r\n", 505),
            new Refusal("18 method not a token", "G/T /read HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            new Refusal("19 no Host in HTTP/1.1", "GET /read HTTP/1.1\r\n\r\n", 400),
            new Refusal("19 two Host fields", "GET /read HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),
            // the whole preface starts HTTP/2 (Http2Test); a PRI request line that is not it is HTTP/1.1's to refuse
            new Refusal("22 PRI request line that is not the h2 preface", "PRI * HTTP/2.0\r\nHost: x\r\n\r\n", 505),
            new Refusal("23 request line too long", "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
            new Refusal("23 field line too long", "GET /read HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(9000) + "\r\n\r\n", 431),
            new Refusal("23 too many fields", "GET /read HTTP/1.1\r\nHost: x\r\n" + "X: a\r\n".repeat(101) + "\r\n", 431),
            // strictness beyond the classes of the research note (docs/http.md "The request-target")
            new Refusal("fragment in the target", "GET /read#/../admin HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            new Refusal("raw UTF-8 in the target", "GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            new Refusal("userinfo in an absolute-form target", "GET http://a@x/read HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            new Refusal("octal IPv4 in Host", "GET /read HTTP/1.1\r\nHost: 0177.0.0.1\r\n\r\n", 400),
            new Refusal("short IPv4 in the target", "GET http://127.1/read HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            new Refusal("bare ; chunk extension", CHUNKED_POST + "5;\r\nhello\r\n0\r\n\r\n", 400),
            new Refusal("CRLF in a quoted chunk extension", CHUNKED_POST + "5;a=\"\r\n0\r\n\r\n\"\r\nhello\r\n0\r\n\r\n",
                    400));

    /** The worker class every case runs on; NioSmugglingTest runs them on another. */
    String workerClass() {
        return "virtual";
    }

    @BeforeAll
    void start() throws Exception {
        String workerClass = workerClass();
        String classes = Path.of(SmugglingTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        server = Junicorn.start(List.of("-w", "1", "-k", workerClass, "-b", "127.0.0.1:0", "--class-path", classes,
                "io.junicorn.e2e.apps.Framing"));
        port = server.port();
    }

    @AfterAll
    void stop() throws Exception {
        if (server == null) {
            return;
        }
        try (Junicorn started = server) {
            started.signal("TERM");
            assertEquals(0, started.awaitExit(Duration.ofSeconds(40)));
            started.assertNoUnexpectedErrors("response head refused for GET /split", "handler failed on GET /split",
                    "invalid character in response field X-split (RFC 9110 §5.5)");
        }
    }

    @TestFactory
    Stream<DynamicTest> refusedThenClosedAndNothingAfterAnswered() {
        return REFUSALS.stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            List<Response> responses = exchange(r.bytes() + SMUGGLED);
            assertEquals(1, responses.size(), "one response, the refusal: " + responses);
            Response refusal = responses.get(0);
            assertEquals(r.status(), refusal.status(), refusal.head());
            assertTrue(refusal.closes(), "Connection: close in " + refusal.head());
        }));
    }

    @Test
    void class20NothingAfterConnectionClose() throws IOException {
        List<Response> responses = exchange("GET /first HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" + SMUGGLED);
        assertEquals(1, responses.size(), responses.toString());
        assertEquals("path=/first body=0", responses.get(0).body());
    }

    @Test
    void class20PipelinedRequestsAnsweredInOrder() throws IOException {
        List<Response> responses = exchange("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(List.of("path=/one body=0", "path=/two body=0"), responses.stream().map(Response::body).toList());
    }

    @Test
    void class21UnreadBodyIsNeverParsedAsARequest() throws IOException {
        List<Response> responses = exchange("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: " + SMUGGLED.length()
                + "\r\n\r\n" + SMUGGLED + "GET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(List.of("path=/ignore body=0", "path=/after body=0"),
                responses.stream().map(Response::body).toList());
    }

    @Test
    void class6ChunkedBodyOfA10RequestIsNotAnswered() throws IOException {
        // the framing of an HTTP/1.0 request with Transfer-Encoding is faulty: refused, never read as chunked
        List<Response> responses = exchange("POST /read HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n");
        assertEquals(1, responses.size(), responses.toString());
        assertEquals(400, responses.get(0).status());
    }

    @Test
    void class22ConnectIsAnsweredOnceAndNeverTunnelled() throws IOException {
        List<Response> responses = exchange("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n" + SMUGGLED);
        assertEquals(1, responses.size(), responses.toString());
        assertTrue(responses.get(0).closes(), responses.get(0).head());
    }

    @Test
    void class24NoCrLfFromTheApplicationReachesTheWire() throws IOException {
        List<Response> responses = exchange("GET /split HTTP/1.1\r\nHost: x\r\n\r\n" + SMUGGLED);
        assertEquals(1, responses.size(), responses.toString());
        assertEquals(500, responses.get(0).status());
        assertFalse(responses.get(0).head().contains("X-Injected"), responses.get(0).head());
    }

    record Response(int status, String head, String body) {
        boolean closes() {
            return head.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n");
        }
    }

    /**
     * Sends the bytes without shutting the sending side and reads until the server closes: a server that
     * kept the connection open fails the read's deadline. No response may answer /smuggled.
     */
    private List<Response> exchange(String request) throws IOException {
        byte[] received;
        try (Socket socket = Http.connect(port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            try {
                received = socket.getInputStream().readAllBytes();
            } catch (SocketTimeoutException e) {
                fail("the server did not close the connection within 10 s");
                return List.of();
            }
        }
        InputStream in = new ByteArrayInputStream(received);
        List<Response> responses = new ArrayList<>();
        while (in.available() > 0) {
            Http.Response r = Http.read(in);
            responses.add(new Response(r.status(), r.head(), r.body()));
            assertFalse(r.body().contains("/smuggled"), "a smuggled request was answered: " + r.body());
        }
        return responses;
    }
}
