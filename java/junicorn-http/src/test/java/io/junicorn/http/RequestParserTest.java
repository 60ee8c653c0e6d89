package io.junicorn.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request heads: what is accepted, what is refused with which status, for any split of the input. */
class RequestParserTest {

    private static RequestHead parse(String raw) {
        RequestParser p = new RequestParser();
        ByteBuffer in = ByteBuffer.wrap(Splits.bytes(raw));
        RequestHead head = p.parse(in);
        if (head == null) {
            throw new AssertionError("incomplete head: " + raw);
        }
        return head;
    }

    private static int status(String raw) {
        return assertThrows(HttpException.class, () -> parse(raw), raw).status();
    }

    /** The observable result of parsing {@code input} fed in pieces: the head and what was left, or the error. */
    private static String outcome(RequestParser p, byte[] input, int[] cuts, boolean direct) {
        p.reset();
        List<ByteBuffer> pieces = Splits.pieces(input, cuts, direct);
        try {
            for (int i = 0; i < pieces.size(); i++) {
                ByteBuffer b = pieces.get(i);
                RequestHead head = p.parse(b);
                if (head != null) {
                    int left = b.remaining();
                    for (int j = i + 1; j < pieces.size(); j++) {
                        left += pieces.get(j).remaining();
                    }
                    return describe(head) + " left=" + left;
                }
                assertFalse(b.hasRemaining(), "parser returned null without consuming its input");
            }
            return "incomplete";
        } catch (HttpException e) {
            return "error " + e.status() + " " + e.reason();
        }
    }

    private static String describe(RequestHead h) {
        return h.method() + " " + h.target() + " " + h.version() + " " + h.fields() + " cl=" + h.contentLength()
                + " chunked=" + h.chunked() + " keepAlive=" + h.keepAlive() + " expect=" + h.expectContinue();
    }

    static Stream<String> corpus() {
        return Stream.of(
                "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /path?q=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: x y\r\nAccept: */*\r\n\r\n",
                "\r\nPOST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
                "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nX:  spaced \t \r\n\r\n",
                // refused ones must be refused the same way whatever the split
                "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nX: a\rTransfer-Encoding: chunked\r\n\r\n",
                "GET / HTTP/1.1\nHost: a\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\n Folded: x\r\n\r\n",
                "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
                "GET /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nX: " + "v".repeat(8200) + "\r\n\r\n",
                "GET /a-._~:@!$&'()*+,;=%20[]?q=/? HTTP/1.1\r\nHost: 127.0.0.1:80\r\n\r\n",
                "GET http://[::1]:8080/p HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET http://u:p@a/ HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: 0127.0.0.1\r\n\r\n",
                "GET http://0x7f.1/ HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void sameOutcomeForEverySplit(String raw) {
        byte[] input = Splits.bytes(raw);
        RequestParser p = new RequestParser();
        String expected = outcome(p, input, new int[0], false);
        List<int[]> splits = Splits.all(input.length);
        for (int[] cuts : splits) {
            assertEquals(expected, outcome(p, input, cuts, false), () -> "cuts " + java.util.Arrays.toString(cuts));
        }
        // direct buffers take the parser's other path: whole and byte by byte
        assertEquals(expected, outcome(p, input, splits.get(0), true));
        assertEquals(expected, outcome(p, input, splits.get(1), true));
    }

    @Test
    void simpleGet() {
        RequestHead h = parse("GET /a?b=c HTTP/1.1\r\nHost: example.com\r\nAccept: text/html\r\n\r\n");
        assertEquals("GET", h.method());
        assertEquals("/a?b=c", h.target());
        assertEquals(HttpVersion.HTTP_1_1, h.version());
        assertEquals(List.of(new Field("Host", "example.com"), new Field("Accept", "text/html")), h.fields());
        assertEquals("example.com", h.field("HOST"));
        assertEquals(-1, h.contentLength());
        assertFalse(h.chunked());
        assertFalse(h.hasBody());
        assertTrue(h.keepAlive());
        assertFalse(h.expectContinue());
    }

    @Test
    void stopsAtTheEndOfTheHead() {
        RequestParser p = new RequestParser();
        ByteBuffer in = ByteBuffer.wrap(Splits.bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET"));
        RequestHead h = p.parse(in);
        assertEquals(3, h.contentLength());
        assertEquals("abcGET", StandardCharsets.ISO_8859_1.decode(in).toString());
        assertThrows(IllegalStateException.class, () -> p.parse(in));
    }

    @Test
    void needsMoreInput() {
        RequestParser p = new RequestParser();
        ByteBuffer in = ByteBuffer.wrap(Splits.bytes("GET / HTTP/1.1\r\nHost: a\r\n"));
        assertNull(p.parse(in));
        assertTrue(p.started());
        assertEquals(0, in.remaining());
        assertEquals("a", p.parse(ByteBuffer.wrap(Splits.bytes("\r\n"))).field("host"));
    }

    @Test
    void owsAroundValuesIsStripped() {
        RequestHead h = parse("GET / HTTP/1.1\r\nHost:a\r\nX: \t v  w \t\r\nEmpty:\r\n\r\n");
        assertEquals("a", h.field("host"));
        assertEquals("v  w", h.field("x"));
        assertEquals("", h.field("empty"));
    }

    @Test
    void obsTextIsAcceptedInValues() {
        assertEquals("caf\u00e9", parse("GET / HTTP/1.1\r\nHost: a\r\nX: caf\u00e9\r\n\r\n").field("x"));
    }

    @Test
    void keepAlive() {
        assertTrue(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, CLOSE\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.0\r\n\r\n").keepAlive());
        assertTrue(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive());
        assertFalse(parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAlive());
    }

    @Test
    void expectContinue() {
        assertTrue(parse("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n").expectContinue());
        assertFalse(parse("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").expectContinue());
        assertFalse(parse("PUT / HTTP/1.1\r\nHost: a\r\nExpect: \r\nContent-Length: 1\r\n\r\n").expectContinue());
    }

    @Test
    void unknownExpectationIs417() {
        assertEquals(417, status("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\n"));
        assertEquals(417, status("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue, x\r\nContent-Length: 1\r\n\r\n"));
        assertEquals(417, status("GET / HTTP/1.0\r\nExpect: x\r\n\r\n"));
    }

    @Test
    void framing() {
        assertEquals(42, parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 42\r\n\r\n").contentLength());
        assertEquals(0, parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").contentLength());
        assertEquals(Long.MAX_VALUE, parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775807\r\n\r\n").contentLength());
        assertTrue(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n").chunked());
        assertTrue(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n").chunked());
        assertTrue(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n").chunked());
    }

    @Test
    void commonMethodsAndOthers() {
        assertEquals("PROPFIND", parse("PROPFIND / HTTP/1.1\r\nHost: a\r\n\r\n").method());
        assertEquals("OPTIONS", parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").method());
        assertEquals("HEAD", parse("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n").method());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // request line
                Arguments.of("get\u0000 / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of(" GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET /\u0001 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET /\u007f HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET /\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / http/1.1\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.11\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/10.0\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
                Arguments.of("GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505),
                Arguments.of("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
                Arguments.of("\r\n".repeat(9) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                // line endings
                Arguments.of("GET / HTTP/1.1\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\n\n", 400),
                Arguments.of("GET / HTTP/1.1\rHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nX: a\rb\r\nHost: a\r\n\r\n", 400),
                // field lines
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX : y\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX\t: y\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\n: y\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX@y: z\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n z\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0001b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nX: a\u007fb\r\n\r\n", 400),
                // Host
                Arguments.of("GET / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: [1.2.3.4]\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: [::ffff:0127.0.0.1]\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: [::g]\r\n\r\n", 400),
                // Content-Length
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5 5\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1_0\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775808\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \u0661\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5,\r\n\r\n", 400),
                // identical duplicates MAY be folded (RFC 9112 §6.3 item 5); a strict server refuses them
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 7, 7\r\n\r\n", 400),
                // Transfer-Encoding
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,chunked\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\u000b\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", 400),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n", 501),
                Arguments.of("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: foo, chunked\r\n\r\n", 501),
                Arguments.of("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedWithStatus(String raw, int expected) {
        assertEquals(expected, status(raw));
    }

    /** The request-targets of every form, as sent after a method that may use that form. */
    private static String requestLine(String target) {
        String method = target.equals("*") ? "OPTIONS" : target.startsWith("/") || target.contains("://") ? "GET"
                : "CONNECT";
        return method + " " + target + " HTTP/1.1\r\nHost: h\r\n\r\n";
    }

    static Stream<String> uriSyntax() {
        return Stream.of("/", "/a/b?c=d&e=f", "/%7e~-._:@!$&'()*+,;=", "/[x]", "/?/?:@", "*", "h:443", "[::1]:443",
                "http://h", "http://h:8080/p?q", "https://h./", "HTTP://H/", "a+b.c-d://h/", "http://[::1]/",
                "http://127.0.0.1/", "http://xn--caf-dma.example/", "http://a1.b2/", "http://1e100.net/",
                "http://h.0a/", "http://beef.cafe/");
    }

    @ParameterizedTest
    @MethodSource("uriSyntax")
    void uriSyntaxInEveryFormIsAccepted(String target) {
        assertEquals(target, parse(requestLine(target)).target());
    }

    static Stream<Arguments> outsideUriSyntax() {
        return Stream.of(
                Arguments.of("/caf\u00e9", "byte outside RFC 3986 in request-target"),
                Arguments.of("/\u00c3\u00a0", "byte outside RFC 3986 in request-target"),
                Arguments.of("/a\"b", "byte outside RFC 3986 in request-target"),
                Arguments.of("/<script>", "byte outside RFC 3986 in request-target"),
                Arguments.of("/a\\b", "byte outside RFC 3986 in request-target"),
                Arguments.of("/?q={}", "byte outside RFC 3986 in request-target"),
                Arguments.of("/a|b", "byte outside RFC 3986 in request-target"),
                Arguments.of("/a^b", "byte outside RFC 3986 in request-target"),
                Arguments.of("/a`b", "byte outside RFC 3986 in request-target"),
                Arguments.of("/a#b", "fragment in request-target"),
                Arguments.of("/#", "fragment in request-target"),
                Arguments.of("/a\u0000", "invalid byte in request-target"),
                Arguments.of("/a\tb", "invalid byte in request-target"),
                Arguments.of("/a\u001b", "invalid byte in request-target"),
                Arguments.of("/a\u007f", "invalid byte in request-target"),
                Arguments.of("/a\u0085", "byte outside RFC 3986 in request-target"),
                Arguments.of("/a\u00ff", "byte outside RFC 3986 in request-target"),
                Arguments.of("http://h/caf\u00e9", "byte outside RFC 3986 in request-target"),
                Arguments.of("http://h/#x", "fragment in request-target"),
                Arguments.of("http://h\u00e9/", "byte outside RFC 3986 in request-target"),
                Arguments.of("http://h/{x}", "byte outside RFC 3986 in request-target"),
                Arguments.of("h\u00e9:443", "byte outside RFC 3986 in request-target"),
                Arguments.of("h:443#x", "fragment in request-target"),
                Arguments.of("h|x:443", "byte outside RFC 3986 in request-target"),
                Arguments.of("*#", "fragment in request-target"),
                Arguments.of("*\u00e9", "byte outside RFC 3986 in request-target"),
                Arguments.of("*\u0001", "invalid byte in request-target"),
                // userinfo in absolute-form
                Arguments.of("http://u@h/", "userinfo in the request-target"),
                Arguments.of("http://u:p@h:80/p", "userinfo in the request-target"),
                Arguments.of("http://@h/", "userinfo in the request-target"),
                Arguments.of("http://a@b@h/", "userinfo in the request-target"),
                Arguments.of("https://u%40x@h?q", "userinfo in the request-target"),
                Arguments.of("h@x:443", "CONNECT needs an authority-form target"));
    }

    @ParameterizedTest
    @MethodSource("outsideUriSyntax")
    void outsideUriSyntaxInEveryFormIsRefused(String target, String reason) {
        HttpException e = assertThrows(HttpException.class, () -> parse(requestLine(target)), target);
        assertEquals(400, e.status());
        assertTrue(e.reason().startsWith(reason), e.reason());
    }

    /** Spellings that WHATWG, inet_aton and friends read as an IPv4 address other than four decimal octets. */
    static Stream<String> ambiguousIpv4() {
        return Stream.of("0127.0.0.1", "127.000.0.1", "127.0.0.01", "00.0.0.0", "0x7f.0.0.1", "0x7f.1", "0X7F.1",
                "127.1", "127.0.1", "2130706433", "0x7f000001", "017700000001", "1.2.3.4.5", "256.0.0.1",
                "127.0.0.1.", "example.1", "example.0x1", "example.0x", "0x", "%31%32%37.0.0.1", "127.0.0.%31",
                "0", "1");
    }

    @ParameterizedTest
    @MethodSource("ambiguousIpv4")
    void ambiguousIpv4IsRefusedInHostAndAbsoluteForm(String host) {
        String reason = "IPv4 address not in dotted-decimal form in host (RFC 3986 §3.2.2, §7.4)";
        assertEquals(reason, assertThrows(HttpException.class,
                () -> parse("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n")).reason());
        assertEquals(reason, assertThrows(HttpException.class,
                () -> parse("GET / HTTP/1.1\r\nHost: " + host + ":8080\r\n\r\n")).reason());
        assertEquals(reason, assertThrows(HttpException.class,
                () -> parse("GET http://" + host + "/ HTTP/1.1\r\nHost: a\r\n\r\n")).reason());
        assertEquals(reason, assertThrows(HttpException.class,
                () -> parse("CONNECT " + host + ":443 HTTP/1.1\r\nHost: a\r\n\r\n")).reason());
    }

    @Test
    void hostsThatAreNamesOrDottedQuadsAreAccepted() {
        for (String host : new String[] {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.0.0.10", "localhost",
                "example.com", "example.com.", "1e100.net", "x0x1", "127.0.0.1a", "0xg.1x", "%61", "[::1]",
                "[::ffff:127.0.0.1]", "[2001:db8::1]"}) {
            assertEquals(host, parse("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").field("host"), host);
            assertEquals("http://" + host + "/", parse("GET http://" + host + "/ HTTP/1.1\r\nHost: a\r\n\r\n").target());
        }
    }

    @Test
    void rejectionsNameTheirRule() {
        HttpException e = assertThrows(HttpException.class,
                () -> parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertEquals("Content-Length with Transfer-Encoding (RFC 9112 §6.1)", e.reason());
    }

    @Test
    void requestLineLimit() {
        String ok = "GET /" + "a".repeat(4094 - "GET / HTTP/1.1".length()) + " HTTP/1.1";
        assertEquals(4094, ok.length());
        parse(ok + "\r\nHost: a\r\n\r\n");
        String tooLong = "GET /" + "a".repeat(4095 - "GET / HTTP/1.1".length()) + " HTTP/1.1";
        assertEquals(414, status(tooLong + "\r\nHost: a\r\n\r\n"));
        // refused before the end of the line arrives
        RequestParser p = new RequestParser();
        assertEquals(414, assertThrows(HttpException.class,
                () -> p.parse(ByteBuffer.wrap(Splits.bytes("GET /" + "a".repeat(5000))))).status());
    }

    @Test
    void fieldCountLimit() {
        StringBuilder ok = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 1; i < 100; i++) {
            ok.append("X-").append(i).append(": v\r\n");
        }
        assertEquals(100, parse(ok + "\r\n").fieldCount());
        assertEquals(431, status(ok + "X-100: v\r\n\r\n"));
        RequestParser small = new RequestParser(new ParserOptions(100, 2, 100, false, false,
                ParserOptions.HeaderMap.DROP, false, false, false, false));
        assertEquals(431, assertThrows(HttpException.class,
                () -> small.parse(ByteBuffer.wrap(Splits.bytes("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n")))).status());
    }

    @Test
    void fieldLineLimitCountsTheCrlf() {
        String head = "GET / HTTP/1.1\r\nHost: a\r\n";
        String ok = "X: " + "v".repeat(8190 - 2 - 3);
        assertEquals(8188, ok.length());
        parse(head + ok + "\r\n\r\n");
        assertEquals(431, status(head + ok + "v\r\n\r\n"));
    }

    @Test
    void resetAllowsTheNextRequest() {
        RequestParser p = new RequestParser();
        ByteBuffer in = ByteBuffer.wrap(Splits.bytes("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: b\r\n\r\n"));
        assertEquals("/1", p.parse(in).target());
        p.reset();
        RequestHead second = p.parse(in);
        assertEquals("/2", second.target());
        assertEquals("b", second.field("Host"));
        assertEquals(1, second.fieldCount());
    }

    private static RequestHead next(RequestParser p, String raw) {
        p.reset();
        return p.parse(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aRepeatedHeadReusesTheLastHeadsStrings() {
        RequestParser p = new RequestParser();
        RequestHead first = next(p, "GET /a?b=1 HTTP/1.1\r\nHost: h\r\nX-Trace: 1234\r\n\r\n");
        RequestHead second = next(p, "GET /a?b=1 HTTP/1.1\r\nHost: h\r\nX-Trace: 1234\r\n\r\n");
        assertSame(first.target(), second.target());
        assertSame(first.fieldName(1), second.fieldName(1));
        assertSame(first.fieldValue(1), second.fieldValue(1));
        assertSame(first.fieldName(0), parse("GET / HTTP/1.1\r\nHost: other\r\n\r\n").fieldName(0)); // a common name
    }

    @Test
    void aReusedStringIsOnlyEverTheSameText() {
        RequestParser p = new RequestParser();
        RequestHead first = next(p, "GET /a HTTP/1.1\r\nHost: h\r\nX-Trace: 1234\r\nX-More: \u00e9\r\n\r\n");
        RequestHead second = next(p, "GET /b HTTP/1.1\r\nhost: h\r\nX-Trace: 1235\r\n\r\n");
        assertEquals("/b", second.target());
        assertEquals(List.of("host", "X-Trace"), List.of(second.fieldName(0), second.fieldName(1)));
        assertEquals("1235", second.fieldValue(1));
        assertEquals(2, second.fieldCount());
        assertNotSame(first.fieldValue(1), second.fieldValue(1));
        RequestHead third = next(p, "GET /a HTTP/1.1\r\nHost: h\r\nX-Trace: 123\r\nX-More: \u00e8\r\n\r\n");
        assertEquals("123", third.fieldValue(1));
        assertEquals("\u00e8", third.fieldValue(2));
        assertEquals("\u00e9", first.fieldValue(2)); // an earlier head never changes
    }
}
