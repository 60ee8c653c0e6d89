package io.junicorn.http;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gunicorn's limits as it normalises them, and what each compatibility switch lets through. */
class ParserOptionsTest {
    private static final ParserOptions.HeaderMap DROP = ParserOptions.HeaderMap.DROP;

    private static RequestHead parse(ParserOptions options, String raw) {
        RequestHead head = new RequestParser(options).parse(ByteBuffer.wrap(Splits.bytes(raw)));
        assertTrue(head != null, "incomplete: " + raw);
        return head;
    }

    private static int status(ParserOptions options, String raw) {
        return assertThrows(HttpException.class, () -> parse(options, raw), raw).status();
    }

    private static ParserOptions limits(int line, int fields, int fieldSize) {
        return new ParserOptions(line, fields, fieldSize, false, false, DROP, false, false, false, false);
    }

    @Test
    void limitsAreNormalisedAsGunicornDoes() {
        assertEquals(ParserOptions.UNLIMITED_REQUEST_LINE, limits(0, 100, 8190).maxRequestLine());
        assertEquals(8190, limits(9000, 100, 8190).maxRequestLine());
        assertEquals(8190, limits(-1, 100, 8190).maxRequestLine());
        assertEquals(32768, limits(4094, 0, 8190).maxFields());
        assertEquals(32768, limits(4094, 40000, 8190).maxFields());
        assertEquals(8190, limits(4094, 100, 0).maxFieldSize());
    }

    @Test
    void unconventionalVersionIsServedOnlyWhenPermitted() {
        String raw = "GET / HTTP/2.0\r\nHost: a\r\n\r\n";
        assertEquals(505, status(ParserOptions.DEFAULTS, raw));
        ParserOptions permit = new ParserOptions(4094, 100, 8190, false, false, DROP, false, false, true, false);
        assertEquals(HttpVersion.HTTP_1_1, parse(permit, raw).version());
        assertEquals(HttpVersion.HTTP_1_0, parse(permit, "GET / HTTP/0.9\r\n\r\n").version());
        // RFC 9110 §2.5: a higher 1.x minor is served as 1.1 with or without the switch
        assertEquals(HttpVersion.HTTP_1_1, parse(ParserOptions.DEFAULTS, "GET / HTTP/1.2\r\nHost: a\r\n\r\n").version());
    }

    @Test
    void methodRules() {
        assertEquals(400, status(ParserOptions.DEFAULTS, "get / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, status(ParserOptions.DEFAULTS, "GE / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, status(ParserOptions.DEFAULTS, "G#T / HTTP/1.1\r\nHost: a\r\n\r\n"));
        ParserOptions permit = new ParserOptions(4094, 100, 8190, false, false, DROP, false, true, false, false);
        assertEquals("get", parse(permit, "get / HTTP/1.1\r\nHost: a\r\n\r\n").method());
        ParserOptions casefold = new ParserOptions(4094, 100, 8190, false, true, DROP, false, true, false, false);
        assertEquals("GET", parse(casefold, "get / HTTP/1.1\r\nHost: a\r\n\r\n").method());
        assertEquals("CONNECT", parse(casefold, "connect a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n").method());
    }

    @Test
    void targetForms() {
        assertEquals(400, status(ParserOptions.DEFAULTS, "GET * HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, status(ParserOptions.DEFAULTS, "GET a:443 HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, status(ParserOptions.DEFAULTS, "CONNECT /x HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, status(ParserOptions.DEFAULTS, "GET s://]ufd/: HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals(400, status(ParserOptions.DEFAULTS, "GET http:/x HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertEquals("http://h:1/p@q", parse(ParserOptions.DEFAULTS, "GET http://h:1/p@q HTTP/1.1\r\nHost: h:1\r\n\r\n").target());
    }

    @Test
    void permitUnescapedTarget() {
        ParserOptions permit = new ParserOptions(4094, 100, 8190, false, false, DROP, false, false, false, true);
        for (String target : new String[] {"/caf\u00e9", "/a\"b\"", "/{x}", "/a|b", "/a^b", "/a`b", "/a\\b", "/<a>",
                "http://h/\u00e9?q={1}"}) {
            String raw = "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n";
            assertEquals(400, status(ParserOptions.DEFAULTS, raw), target);
            assertEquals(target, parse(permit, raw).target());
        }
        // what delimits or frames is refused either way
        for (String target : new String[] {"/a#b", "/a\u0001", "/a\u007f", "http://u@h/", "http://0x7f.1/"}) {
            assertEquals(400, status(permit, "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n"), target);
        }
    }

    @Test
    void hostSyntax() {
        assertEquals("", parse(ParserOptions.DEFAULTS, "GET / HTTP/1.1\r\nHost:\r\n\r\n").field("Host"));
        assertEquals("[::1]:80", parse(ParserOptions.DEFAULTS, "GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n").field("Host"));
        assertEquals(400, status(ParserOptions.DEFAULTS, "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"));
        assertEquals(400, status(ParserOptions.DEFAULTS, "GET / HTTP/1.1\r\nHost: u@a\r\n\r\n"));
        assertEquals(400, status(ParserOptions.DEFAULTS, "GET / HTTP/1.1\r\nHost: a:8x\r\n\r\n"));
        assertEquals(400, status(ParserOptions.DEFAULTS, "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n"));
    }

    @Test
    void headerMap() {
        String raw = "GET / HTTP/1.1\r\nHost: a\r\nX_Forwarded_For: evil\r\n continued\r\nX-Forwarded-For: b\r\n\r\n";
        ParserOptions fold = new ParserOptions(4094, 100, 8190, true, false, DROP, false, false, false, false);
        assertEquals(2, parse(fold, raw).fieldCount());
        ParserOptions dangerous = new ParserOptions(4094, 100, 8190, true, false, ParserOptions.HeaderMap.DANGEROUS,
                false, false, false, false);
        assertEquals("evil continued", parse(dangerous, raw).field("X_Forwarded_For"));
        ParserOptions refuse = new ParserOptions(4094, 100, 8190, true, false, ParserOptions.HeaderMap.REFUSE,
                false, false, false, false);
        assertEquals(400, status(refuse, raw));
    }

    @Test
    void connectAndContentCodingsCloseTheConnection() {
        assertEquals(false, parse(ParserOptions.DEFAULTS, "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n").keepAlive());
        assertEquals(false, parse(ParserOptions.DEFAULTS,
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").keepAlive());
        assertEquals(true, parse(ParserOptions.DEFAULTS,
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity, chunked\r\n\r\n").keepAlive());
    }
}
