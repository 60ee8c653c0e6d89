package io.junicorn.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chunked request bodies, fed in every split, and the framing errors they can carry. */
class ChunkedDecoderTest {

    /** Body, trailers and bytes left after the message; or the error. Reads with a small destination. */
    private static String outcome(ChunkedDecoder d, byte[] input, int[] cuts, int readSize) {
        d.reset();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] dst = new byte[readSize];
        List<ByteBuffer> pieces = Splits.pieces(input, cuts, false);
        try {
            for (int i = 0; i < pieces.size(); i++) {
                ByteBuffer b = pieces.get(i);
                while (true) {
                    int n = d.read(b, dst, 0, dst.length);
                    body.write(dst, 0, n);
                    if (d.isComplete()) {
                        int left = b.remaining();
                        for (int j = i + 1; j < pieces.size(); j++) {
                            left += pieces.get(j).remaining();
                        }
                        return body.toString(StandardCharsets.ISO_8859_1) + " trailers=" + d.trailers() + " left=" + left;
                    }
                    if (n == 0) {
                        assertFalse(b.hasRemaining(), "no progress with input left");
                        break;
                    }
                }
            }
            return "incomplete " + body.toString(StandardCharsets.ISO_8859_1);
        } catch (HttpException e) {
            return "error " + e.status() + " " + e.reason();
        }
    }

    static Stream<String> bodies() {
        return Stream.of(
                "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                "A\r\n0123456789\r\n0\r\n\r\nGET / HTTP/1.1\r\n",
                "3;name=value;x=\"q d\"\r\nabc\r\n0;last\r\n\r\n",
                "3 ;ext\r\nabc\r\n0\r\nChecksum: abc\r\nX-Trailer:  v \r\n\r\n",
                "1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n",
                "5\r\nhelloX\r\n0\r\n\r\n",
                "5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n",
                "5\nhello\r\n0\r\n\r\n",
                "2 ; a = b ;c= \"x\\\"\\\\ ;=\" ; d\t;e=\"\"\r\nab\r\n0;f=\"\u00e9\"\r\n\r\n",
                "2;a=\"\r\nab\r\n0\r\n\r\n",
                "2;\r\nab\r\n0\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void sameOutcomeForEverySplitAndReadSize(String raw) {
        byte[] input = Splits.bytes(raw);
        ChunkedDecoder d = new ChunkedDecoder();
        String expected = outcome(d, input, new int[0], 1024);
        for (int readSize : new int[] {1, 2, 7, 1024}) {
            for (int[] cuts : Splits.all(input.length)) {
                assertEquals(expected, outcome(d, input, cuts, readSize),
                        () -> "read " + readSize + " cuts " + java.util.Arrays.toString(cuts));
            }
        }
    }

    @Test
    void decodes() {
        ChunkedDecoder d = new ChunkedDecoder();
        assertEquals("hello world trailers=[] left=0", outcome(d, Splits.bytes("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"), new int[0], 64));
        assertEquals("abc trailers=[Field[name=Checksum, value=abc]] left=3",
                outcome(d, Splits.bytes("3\r\nabc\r\n0\r\nChecksum: abc\r\n\r\nGET"), new int[0], 64));
        assertEquals("0123456789abcdef trailers=[] left=0",
                outcome(d, Splits.bytes("10\r\n0123456789abcdef\r\n0\r\n\r\n"), new int[0], 64));
        assertEquals("ab trailers=[] left=0", outcome(d, Splits.bytes(
                "2 ; a = b ;c= \"x\\\"\\\\ ;=\" ; d\t;e=\"\"\r\nab\r\n0;f=\"\u00e9\";g=!#$%&'*+-.^_`|~\r\n\r\n"),
                new int[0], 64));
    }

    @Test
    void stopsAtTheEndOfTheMessage() {
        ChunkedDecoder d = new ChunkedDecoder();
        ByteBuffer in = ByteBuffer.wrap(Splits.bytes("2\r\nab\r\n0\r\n\r\nNEXT"));
        byte[] dst = new byte[16];
        assertEquals(2, d.read(in, dst, 0, dst.length));
        assertTrue(d.isComplete());
        assertEquals("NEXT", StandardCharsets.ISO_8859_1.decode(in).toString());
        assertEquals(0, d.read(ByteBuffer.wrap(Splits.bytes("more")), dst, 0, dst.length));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("0x5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("+5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("-1\r\n", 400),
                Arguments.of("5 \r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5_0\r\n", 400),
                Arguments.of("\r\nhello\r\n", 400),
                Arguments.of(";ext\r\n", 400),
                Arguments.of("2 erfrferferf\r\n", 400),
                Arguments.of("10000000000000000\r\n", 400),
                Arguments.of("fffffffffffffffff\r\n", 400),
                Arguments.of("5\r\nhelloX\r\n", 400),
                Arguments.of("5\r\nhello\n0\r\n\r\n", 400),
                Arguments.of("5\nhello\r\n", 400),
                Arguments.of("5\r\r\nhello\r\n", 400),
                Arguments.of("5;a\rb\r\nhello\r\n", 400),
                Arguments.of("5;a\u0000\r\nhello\r\n", 400),
                Arguments.of("3\r\nfoo\r\n\r\n", 400),
                Arguments.of("0\r\n\n", 400),
                Arguments.of("0\r\nX: a\u0000\r\n\r\n", 400),
                Arguments.of("0\r\n folded\r\n\r\n", 400),
                Arguments.of("0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                Arguments.of("0\r\nHost: evil\r\n\r\n", 400),
                Arguments.of("1;" + "e".repeat(5000) + "\r\n", 400),
                Arguments.of("1;\"" + "e".repeat(5000) + "\"\r\n", 400),
                // chunk-ext = *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] ) (RFC 9112 §7.1.1)
                Arguments.of("5;\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;;a\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;=b\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a==b\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=b=c\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a b\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=b c\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a \r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a@b\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=b@\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=\"b\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=\"b\"c\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=\"b\\\u0001\"\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=\"\u007f\"\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=b\"c\"\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;\u00e9\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("0;\r\n\r\n", 400),
                Arguments.of("0\r\nX: " + "v".repeat(8200) + "\r\n\r\n", 431));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedWithStatus(String raw, int expected) {
        ChunkedDecoder d = new ChunkedDecoder();
        ByteBuffer in = ByteBuffer.wrap(Splits.bytes(raw));
        HttpException e = assertThrows(HttpException.class, () -> {
            byte[] dst = new byte[64];
            while (in.hasRemaining() && !d.isComplete()) {
                d.read(in, dst, 0, dst.length);
            }
        });
        assertEquals(expected, e.status());
    }

    @Test
    void trailerFieldCountIsLimited() {
        ChunkedDecoder d = new ChunkedDecoder(new ParserOptions(100, 2, 100, false, false,
                ParserOptions.HeaderMap.DROP, false, false, false, false));
        ByteBuffer in = ByteBuffer.wrap(Splits.bytes("0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"));
        assertEquals(431, assertThrows(HttpException.class, () -> d.read(in, new byte[8], 0, 8)).status());
    }

    @Test
    void fixedLength() {
        FixedLengthDecoder d = new FixedLengthDecoder(5);
        ByteBuffer in = ByteBuffer.wrap(Splits.bytes("helloGET"));
        byte[] dst = new byte[3];
        assertEquals(3, d.read(in, dst, 0, 3));
        assertEquals(2, d.read(in, dst, 0, 3));
        assertTrue(d.isComplete());
        assertEquals(0, d.read(in, dst, 0, 3));
        assertEquals(3, in.remaining());
    }
}
