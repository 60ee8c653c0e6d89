package io.junicorn.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Response heads and chunk framing as bytes; application data that would split a response is refused. */
class ResponseEncoderTest {

    private static String text(ResponseEncoder e) {
        return new String(e.array(), 0, e.length(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void head() {
        ResponseEncoder e = new ResponseEncoder(16);
        e.statusLine(200).field("Content-Type", "text/plain").field(Splits.bytes("Content-Length: "), 1234567890123L)
                .raw(Splits.bytes("Connection: close\r\n")).end();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1234567890123\r\n"
                + "Connection: close\r\n\r\n", text(e));
        e.reset();
        e.statusLine(404).field(Splits.bytes("Content-Length: "), 0).end();
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", text(e));
    }

    @Test
    void statusLines() {
        ResponseEncoder e = new ResponseEncoder();
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large\r\n", text(e.statusLine(431)));
        e.reset();
        assertEquals("HTTP/1.1 299 \r\n", text(e.statusLine(299)));
        assertThrows(IllegalArgumentException.class, () -> e.statusLine(99));
        assertThrows(IllegalArgumentException.class, () -> e.statusLine(600));
    }

    @Test
    void valuesKeepTabsAndObsText() {
        ResponseEncoder e = new ResponseEncoder();
        e.field("X", "a\tb caf\u00e9");
        assertEquals("X: a\tb caf\u00e9\r\n", text(e));
    }

    @Test
    void refusesWhatWouldSplitTheResponse() {
        ResponseEncoder e = new ResponseEncoder();
        for (String bad : new String[] {"a\r\nSet-Cookie: x", "a\nb", "a\rb", "a\u0000b", "a\u0001b", "a\u007fb", "a\u010ab"}) {
            assertThrows(IllegalArgumentException.class, () -> e.field("X", bad), bad);
        }
        for (String bad : new String[] {"", "X Y", "X:", "X\r\n", "\u00e9"}) {
            assertThrows(IllegalArgumentException.class, () -> e.field(bad, "v"), bad);
        }
    }

    @Test
    void chunkSizeLines() {
        byte[] buf = new byte[32];
        int start = ChunkedEncoder.writeSizeLineBefore(buf, 20, 0x1a2b);
        assertEquals("1a2b\r\n", new String(buf, start, 20 - start, StandardCharsets.US_ASCII));
        start = ChunkedEncoder.writeSizeLineBefore(buf, 20, 1);
        assertEquals("1\r\n", new String(buf, start, 20 - start, StandardCharsets.US_ASCII));
        start = ChunkedEncoder.writeSizeLineBefore(buf, 20, Integer.MAX_VALUE);
        assertEquals("7fffffff\r\n", new String(buf, start, 20 - start, StandardCharsets.US_ASCII));
        assertEquals(3, ChunkedEncoder.sizeLineLength(15));
        assertEquals(4, ChunkedEncoder.sizeLineLength(16));
        assertThrows(IllegalArgumentException.class, () -> ChunkedEncoder.sizeLineLength(0));
        assertEquals("0\r\n\r\n", new String(ChunkedEncoder.LAST_CHUNK, StandardCharsets.US_ASCII));
    }
}
