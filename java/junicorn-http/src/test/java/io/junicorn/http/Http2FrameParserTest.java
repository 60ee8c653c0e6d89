package io.junicorn.http;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every frame type written by Http2FrameEncoder and read back at every split; each §6 rule the parser enforces. */
class Http2FrameParserTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** One of each frame type, padded and prioritised variants included. */
    private static byte[] everyFrame() {
        Http2FrameEncoder e = new Http2FrameEncoder(16);
        e.settings(Http2Settings.MAX_CONCURRENT_STREAMS, 100, Http2Settings.INITIAL_WINDOW_SIZE, 1 << 20);
        e.settingsAck();
        e.ping(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, false);
        e.windowUpdate(0, 1000);
        e.windowUpdate(3, 0x7fffffff);
        byte[] block = new byte[40];
        Arrays.fill(block, (byte) 0x82);
        e.headers(1, block, block.length, false, 16); // HEADERS + 2 CONTINUATION
        e.data(1, "hello".getBytes(), 0, 5, true);
        e.rstStream(1, Http2ErrorCode.CANCEL);
        e.header(5, Http2Frame.PRIORITY, 0, 5).bytes(hex("8000000310"), 0, 5);
        // padded DATA: pad length 3, "ab", 3 bytes of padding
        e.header(6, Http2Frame.DATA, Http2Frame.FLAG_PADDED, 3).bytes(hex("03 6162 000000"), 0, 6);
        // padded, prioritised HEADERS: pad 1, dependency + weight, block 82, padding
        e.header(8, Http2Frame.HEADERS, Http2Frame.FLAG_PADDED | Http2Frame.FLAG_PRIORITY | Http2Frame.FLAG_END_HEADERS, 5)
                .bytes(hex("01 00000003 0f 82 00"), 0, 8);
        e.header(3, 0xfa, 0, 0).bytes(hex("010203"), 0, 3); // an unknown type
        e.goAway(7, Http2ErrorCode.ENHANCE_YOUR_CALM, "bye".getBytes());
        return Arrays.copyOf(e.array(), e.length());
    }

    private static final List<String> EXPECTED = List.of(
            "SETTINGS(stream 0, flags 0x0, 12 bytes)", "SETTINGS(stream 0, flags 0x1, 0 bytes)",
            "PING(stream 0, flags 0x0, 8 bytes)", "WINDOW_UPDATE(stream 0, flags 0x0, 4 bytes) +1000",
            "WINDOW_UPDATE(stream 3, flags 0x0, 4 bytes) +2147483647",
            "HEADERS(stream 1, flags 0x0, 16 bytes)", "CONTINUATION(stream 1, flags 0x0, 16 bytes)",
            "CONTINUATION(stream 1, flags 0x4, 8 bytes)", "DATA(stream 1, flags 0x1, 5 bytes) hello",
            "RST_STREAM(stream 1, flags 0x0, 4 bytes) CANCEL", "PRIORITY(stream 5, flags 0x0, 5 bytes) on 3",
            "DATA(stream 3, flags 0x8, 6 bytes) ab", "HEADERS(stream 5, flags 0x2c, 8 bytes) 82 on 3",
            "0xfa(stream 0, flags 0x0, 3 bytes)", "GOAWAY(stream 0, flags 0x0, 11 bytes) last 7 ENHANCE_YOUR_CALM");

    private static String describe(Http2Frame f) {
        String content = new String(f.payload(), f.contentOffset(), f.contentLength(), java.nio.charset.StandardCharsets.ISO_8859_1);
        return f + switch (f.type()) {
            case Http2Frame.WINDOW_UPDATE -> " +" + f.windowIncrement();
            case Http2Frame.DATA -> " " + content;
            case Http2Frame.RST_STREAM -> " " + Http2ErrorCode.describe(f.errorCode());
            case Http2Frame.PRIORITY -> " on " + f.dependency();
            case Http2Frame.HEADERS -> f.hasFlag(Http2Frame.FLAG_PRIORITY)
                    ? " " + HexFormat.of().formatHex(content.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) + " on " + f.dependency() : "";
            case Http2Frame.GOAWAY -> " last " + f.lastStreamId() + " " + Http2ErrorCode.describe(f.errorCode());
            default -> "";
        };
    }

    /** Feeds {@code bytes} in two reads split at {@code split}, as a connection's read buffer would see them. */
    private static List<String> parse(byte[] bytes, int split) throws Http2Exception {
        Http2FrameParser parser = new Http2FrameParser(16_384);
        ByteBuffer in = ByteBuffer.allocate(bytes.length).limit(0);
        List<String> frames = new ArrayList<>();
        for (int[] read : new int[][] {{0, split}, {split, bytes.length}}) {
            in.compact().put(bytes, read[0], read[1] - read[0]).flip();
            Http2Frame f;
            while ((f = parser.parse(in)) != null) {
                frames.add(describe(f));
            }
        }
        assertEquals(0, in.remaining(), "every byte consumed");
        return frames;
    }

    @Test
    void everyFrameTypeAtEverySplit() throws Http2Exception {
        byte[] bytes = everyFrame();
        for (int split = 0; split <= bytes.length; split++) {
            assertEquals(EXPECTED, parse(bytes, split), "split at " + split);
        }
    }

    @Test
    void nothingIsConsumedUntilAFrameIsWhole() throws Http2Exception {
        Http2FrameParser parser = new Http2FrameParser(16_384);
        ByteBuffer in = ByteBuffer.wrap(hex("000008 06 00 00000000 0102030405060708"), 0, 16);
        assertNull(parser.parse(in));
        assertEquals(0, in.position());
    }

    @Test
    void pingPayloadIsKept() throws Http2Exception {
        Http2Frame f = new Http2FrameParser(16_384).parse(ByteBuffer.wrap(hex("000008 06 01 00000000 0102030405060708")));
        assertTrue(f.hasFlag(Http2Frame.FLAG_ACK));
        assertArrayEquals(hex("0102030405060708"), f.payload());
    }

    private static Http2Exception refused(String frame) {
        return assertThrows(Http2Exception.class,
                () -> new Http2FrameParser(16_384).parse(ByteBuffer.wrap(hex(frame))), frame);
    }

    @Test
    void sectionSixRules() {
        assertEquals(Http2ErrorCode.FRAME_SIZE_ERROR, refused("004001 00 00 00000001").code(), "above SETTINGS_MAX_FRAME_SIZE");
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, refused("000000 00 00 00000000").code(), "DATA on stream 0");
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, refused("000000 01 04 00000000").code(), "HEADERS on stream 0");
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, refused("000002 00 08 00000001 0500").code(), "padding past the payload");
        assertEquals(Http2ErrorCode.FRAME_SIZE_ERROR, refused("000000 00 08 00000001").code(), "PADDED without a pad length");
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, refused("000000 04 00 00000001").code(), "SETTINGS on a stream");
        assertEquals(Http2ErrorCode.FRAME_SIZE_ERROR, refused("000005 04 00 00000000 0001000000").code(), "SETTINGS not a multiple of 6");
        assertEquals(Http2ErrorCode.FRAME_SIZE_ERROR, refused("000006 04 01 00000000 000100000000").code(), "SETTINGS ACK with a payload");
        assertEquals(Http2ErrorCode.FRAME_SIZE_ERROR, refused("000007 06 00 00000000 01020304050607").code(), "PING of 7 bytes");
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, refused("000008 06 00 00000003 0102030405060708").code(), "PING on a stream");
        assertEquals(Http2ErrorCode.FRAME_SIZE_ERROR, refused("000003 08 00 00000000 000001").code(), "WINDOW_UPDATE of 3 bytes");
        assertEquals(Http2ErrorCode.FRAME_SIZE_ERROR, refused("000005 03 00 00000001 0000000800").code(), "RST_STREAM of 5 bytes");
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, refused("000004 03 00 00000000 00000008").code(), "RST_STREAM on stream 0");
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, refused("000000 09 04 00000000").code(), "CONTINUATION on stream 0");
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, refused("000004 05 04 00000001 00000002").code(), "PUSH_PROMISE from a client");
        assertEquals(Http2ErrorCode.FRAME_SIZE_ERROR, refused("000007 07 00 00000000 00000000000000").code(), "GOAWAY of 7 bytes");
        Http2Exception priority = refused("000004 02 00 00000001 00000000");
        assertEquals(Http2ErrorCode.FRAME_SIZE_ERROR, priority.code());
        assertEquals(1, priority.streamId(), "a PRIORITY of the wrong size is a stream error");
    }

    @Test
    void settingsValuesAreChecked() throws Http2Exception {
        Http2Settings settings = new Http2Settings();
        Http2FrameParser parser = new Http2FrameParser(16_384);
        assertEquals(1000 - 65_535, settings.apply(parser.parse(ByteBuffer.wrap(hex("00000c 04 00 00000000 0004000003e8 000500004000")))));
        assertEquals(1000, settings.initialWindowSize());
        assertEquals(Http2ErrorCode.FLOW_CONTROL_ERROR, assertThrows(Http2Exception.class,
                () -> settings.apply(parser.parse(ByteBuffer.wrap(hex("000006 04 00 00000000 000480000000"))))).code());
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, assertThrows(Http2Exception.class,
                () -> settings.apply(parser.parse(ByteBuffer.wrap(hex("000006 04 00 00000000 000500003fff"))))).code());
        assertEquals(Http2ErrorCode.PROTOCOL_ERROR, assertThrows(Http2Exception.class,
                () -> settings.apply(parser.parse(ByteBuffer.wrap(hex("000006 04 00 00000000 000200000002"))))).code());
        settings.apply(parser.parse(ByteBuffer.wrap(hex("000006 04 00 00000000 ff0000000002"))));
    }

    @Test
    void prefaceIsRecognisedAtEverySplit() {
        byte[] preface = Http2Preface.BYTES;
        for (int n = 0; n < preface.length; n++) {
            assertEquals(Http2Preface.Match.PARTIAL, Http2Preface.match(ByteBuffer.wrap(preface, 0, n)));
        }
        assertEquals(Http2Preface.Match.PREFACE, Http2Preface.match(ByteBuffer.wrap(preface)));
        assertEquals(Http2Preface.Match.OTHER, Http2Preface.match(ByteBuffer.wrap("PRI * HTTP/1.1\r\n".getBytes())));
        assertEquals(Http2Preface.Match.OTHER, Http2Preface.match(ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes())));
    }
}
