package io.junicorn.http;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HPACK against RFC 7541 Appendix C (requests and responses, raw and Huffman, with eviction), and its errors. */
class HpackTest {
    private static final String DATE1 = "Mon, 21 Oct 2013 20:13:21 GMT";
    private static final String DATE2 = "Mon, 21 Oct 2013 20:13:22 GMT";
    private static final String URL = "https://www.example.com";
    private static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static List<String> decode(HpackDecoder decoder, String block) throws Http2Exception {
        byte[] b = hex(block);
        List<String> fields = new ArrayList<>();
        decoder.decode(b, 0, b.length, (name, value) -> fields.add(name + ": " + value));
        return fields;
    }

    private static final List<String> REQUEST1 = List.of(":method: GET", ":scheme: http", ":path: /", ":authority: www.example.com");
    private static final List<String> REQUEST2 = List.of(":method: GET", ":scheme: http", ":path: /",
            ":authority: www.example.com", "cache-control: no-cache");
    private static final List<String> REQUEST3 = List.of(":method: GET", ":scheme: https", ":path: /index.html",
            ":authority: www.example.com", "custom-key: custom-value");

    private static void requests(String first, String second, String third) throws Http2Exception {
        HpackDecoder decoder = new HpackDecoder(4096);
        assertEquals(REQUEST1, decode(decoder, first));
        assertEquals(57, decoder.tableSize());
        assertEquals(REQUEST2, decode(decoder, second));
        assertEquals(110, decoder.tableSize());
        assertEquals(REQUEST3, decode(decoder, third));
        assertEquals(164, decoder.tableSize());
    }

    @Test
    void requestsWithoutHuffman() throws Http2Exception { // C.3
        requests("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d", "8286 84be 5808 6e6f 2d63 6163 6865",
                "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65");
    }

    @Test
    void requestsWithHuffman() throws Http2Exception { // C.4
        requests("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff", "8286 84be 5886 a8eb 1064 9cbf",
                "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
    }

    private static void responses(String first, String second, String third) throws Http2Exception {
        HpackDecoder decoder = new HpackDecoder(256);
        assertEquals(List.of(":status: 302", "cache-control: private", "date: " + DATE1, "location: " + URL),
                decode(decoder, first));
        assertEquals(222, decoder.tableSize());
        assertEquals(List.of(":status: 307", "cache-control: private", "date: " + DATE1, "location: " + URL),
                decode(decoder, second));
        assertEquals(222, decoder.tableSize());
        assertEquals(List.of(":status: 200", "cache-control: private", "date: " + DATE2, "location: " + URL,
                "content-encoding: gzip", "set-cookie: " + COOKIE), decode(decoder, third));
        assertEquals(215, decoder.tableSize());
    }

    @Test
    void responsesWithEvictionWithoutHuffman() throws Http2Exception { // C.5
        responses("4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 "
                        + "3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                "4803 3330 37c1 c0bf",
                "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 "
                        + "666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 "
                        + "6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31");
    }

    @Test
    void responsesWithEvictionWithHuffman() throws Http2Exception { // C.6
        responses("4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad "
                        + "1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
                "4883 640e ffc1 c0bf",
                "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 "
                        + "b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07");
    }

    @Test
    void sizeUpdatesAreBoundedAndComeFirst() throws Http2Exception {
        HpackDecoder decoder = new HpackDecoder(4096);
        decode(decoder, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572");
        assertEquals(55, decoder.tableSize());
        assertEquals(List.of(":method: GET"), decode(decoder, "20 82"));
        assertEquals(0, decoder.tableSize(), "a size update to 0 empties the table");
        assertEquals(List.of(":method: GET"), decode(decoder, "3fe11f 82"));
        assertCompressionError(decoder, "3fe21f", "4097 is above the advertised 4096");
        assertCompressionError(new HpackDecoder(4096), "82 20", "a size update after a field");
    }

    @Test
    void malformedBlocksAreCompressionErrors() {
        assertCompressionError(new HpackDecoder(4096), "80", "index 0");
        assertCompressionError(new HpackDecoder(4096), "be", "index 62 with an empty dynamic table");
        assertCompressionError(new HpackDecoder(4096), "0f", "an integer cut short");
        assertCompressionError(new HpackDecoder(4096), "ff ff ff ff ff 0f", "an integer past 2^28");
        assertCompressionError(new HpackDecoder(4096), "04 05 61 62", "a string past the block's end");
        assertCompressionError(new HpackDecoder(4096), "04 82 1f ff", "Huffman padding of more than 7 bits");
        assertCompressionError(new HpackDecoder(4096), "04 84 ff ff ff ff", "EOS inside a Huffman string");
        assertCompressionError(new HpackDecoder(4096), "04 81 00", "Huffman padding that is not all ones");
    }

    private static void assertCompressionError(HpackDecoder decoder, String block, String why) {
        Http2Exception e = assertThrows(Http2Exception.class, () -> decode(decoder, block), why);
        assertEquals(Http2ErrorCode.COMPRESSION_ERROR, e.code(), why);
        assertTrue(e.isConnectionError(), why);
    }

    @Test
    void huffmanRoundTripsEveryByte() {
        Random random = new Random(7541);
        for (int n = 0; n < 2000; n++) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                s.append((char) random.nextInt(256));
            }
            byte[] out = new byte[Huffman.encodedLength(s)];
            assertEquals(out.length, Huffman.encode(s, out, 0));
            StringBuilder back = new StringBuilder();
            assertTrue(Huffman.decode(out, 0, out.length, back));
            assertEquals(s.toString(), back.toString());
        }
    }

    @Test
    void encoderOutputDecodes() throws Http2Exception {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(4096);
        for (int round = 0; round < 2; round++) {
            encoder.reset();
            encoder.field(":status", "200");
            encoder.field(":status", "418");
            encoder.field("content-type", "text/plain; charset=utf-8");
            encoder.field("x-custom", "a value with\u00e9 obs-text");
            encoder.field("server", "");
            List<String> fields = new ArrayList<>();
            decoder.decode(encoder.array(), 0, encoder.length(), (name, value) -> fields.add(name + ": " + value));
            assertEquals(List.of(":status: 200", ":status: 418", "content-type: text/plain; charset=utf-8",
                    "x-custom: a value with\u00e9 obs-text", "server: "), fields);
            assertEquals(0, decoder.tableSize(), "the encoder never indexes");
        }
    }
}
