package io.junicorn.http.websocket;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import static io.junicorn.http.websocket.Frames.assertEverySplit;
import static io.junicorn.http.websocket.Frames.concat;
import static io.junicorn.http.websocket.Frames.decode;
import static io.junicorn.http.websocket.Frames.describe;
import static io.junicorn.http.websocket.Frames.hex;
import static io.junicorn.http.websocket.Frames.random;
import static io.junicorn.http.websocket.Frames.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6455 §5 frames read at every split, each rule's close code, and how payload parts are delivered. */
class WebSocketDecoderTest {
    private static final Supplier<WebSocketDecoder> SERVER = () -> new WebSocketDecoder(true, null);
    private static final Supplier<WebSocketDecoder> CLIENT = () -> new WebSocketDecoder(false, null);

    /** Frames a client sends: masked. */
    private static WebSocketEncoder client() {
        return new WebSocketEncoder(true, null);
    }

    private static byte[] frame(WebSocketEncoder encoder, WebSocketOpcode opcode, byte[] payload, boolean fin) {
        return Frames.bytes(encoder.frame(opcode, ByteBuffer.wrap(payload), fin));
    }

    @Test
    void rfc6455Section57ExamplesAtEverySplit() throws Exception {
        assertEverySplit(CLIENT, hex("81 05 48656c6c6f"), List.of("text:Hello"));
        assertEverySplit(SERVER, hex("81 85 37fa213d 7f9f4d5158"), List.of("text:Hello"));
        assertEverySplit(CLIENT, hex("01 03 48656c 80 02 6c6f"), List.of("text:Hello"));
        assertEverySplit(CLIENT, hex("89 05 48656c6c6f"), List.of("ping:48656c6c6f"));
        assertEverySplit(SERVER, hex("8a 85 37fa213d 7f9f4d5158"), List.of("pong:48656c6c6f"));
        byte[] b256 = random(256, 1);
        assertEverySplit(CLIENT, concat(hex("82 7e 0100"), b256), List.of("binary:" + describe(b256)));
        byte[] b64k = random(65_536, 2);
        assertEverySplit(CLIENT, concat(hex("82 7f 0000000000010000"), b64k), List.of("binary:" + describe(b64k)));
    }

    @Test
    void maskedSequencesAtEverySplit() throws Exception {
        WebSocketEncoder c = client();
        String greek = "κόσμε 😀 €uro";
        byte[] g = utf8(greek);
        byte[] b300 = random(300, 3);
        byte[] b70k = random(70_000, 4);
        // text fragmented inside code points (the emoji's 4 bytes over two fragments), pings and a pong between
        byte[] input = concat(
                frame(c, WebSocketOpcode.TEXT, g, true),
                frame(c, WebSocketOpcode.TEXT, Arrays.copyOfRange(g, 0, 2), false),
                frame(c, WebSocketOpcode.PING, utf8("p1"), true),
                frame(c, WebSocketOpcode.CONTINUATION, Arrays.copyOfRange(g, 2, 14), false),
                frame(c, WebSocketOpcode.CONTINUATION, new byte[0], false),
                frame(c, WebSocketOpcode.PONG, new byte[0], true),
                frame(c, WebSocketOpcode.PING, utf8("p2"), true),
                frame(c, WebSocketOpcode.CONTINUATION, Arrays.copyOfRange(g, 14, g.length), true),
                frame(c, WebSocketOpcode.BINARY, b300, true),
                frame(c, WebSocketOpcode.BINARY, new byte[0], false),
                frame(c, WebSocketOpcode.CONTINUATION, b70k, true),
                frame(c, WebSocketOpcode.TEXT, new byte[0], true),
                frame(c, WebSocketOpcode.PING, random(125, 5), true),
                Frames.bytes(c.close(CloseCodes.NORMAL, "bye ✓")));
        assertEverySplit(SERVER, input, List.of(
                "text:" + greek, "ping:7031", "pong:", "ping:7032", "text:" + greek,
                "binary:" + describe(b300), "binary:" + describe(b70k), "text:", "ping:" + describe(random(125, 5)),
                "close:1000:bye ✓"));
    }

    @Test
    void closeFramesAtEverySplit() throws Exception {
        assertEverySplit(SERVER, Frames.bytes(client().close(CloseCodes.NO_STATUS, "ignored")), List.of("close:1005:"));
        assertEverySplit(CLIENT, hex("88 02 03e9"), List.of("close:1001:"));
        assertEverySplit(CLIENT, hex("88 02 0bb8"), List.of("close:3000:"));
        assertEverySplit(CLIENT, hex("88 02 1387"), List.of("close:4999:"));
        assertEverySplit(CLIENT, hex("88 02 03f4"), List.of("close:1012:"));
    }

    @Test
    void bytesAfterTheCloseFrameAreDropped() throws Exception {
        assertEverySplit(CLIENT, hex("88 02 03e8 81 02 6869 ff ff"), List.of("close:1000:"));
    }

    /** The close code of decoding {@code input}, the same at every split, after the same events. */
    private static int refused(Supplier<WebSocketDecoder> decoder, byte[] input) {
        Integer code = null;
        for (int[] cuts : Frames.splits(input.length)) {
            WebSocketException e = assertThrows(WebSocketException.class,
                    () -> decode(decoder.get(), input, cuts, false), () -> HexFormat.of().formatHex(input));
            if (code != null) {
                assertEquals(code, e.closeCode(), () -> "cut at " + Arrays.toString(cuts));
            }
            code = e.closeCode();
        }
        return code;
    }

    private static int refused(Supplier<WebSocketDecoder> decoder, String hex) {
        return refused(decoder, hex(hex));
    }

    @Test
    void framingViolationsAre1002() {
        assertEquals(1002, refused(SERVER, "81 05 48656c6c6f"), "unmasked frame from a client");
        assertEquals(1002, refused(CLIENT, "81 85 37fa213d 7f9f4d5158"), "masked frame from a server");
        for (String reserved : List.of("83", "87", "8b", "8f", "03")) {
            assertEquals(1002, refused(CLIENT, reserved + " 00"), "reserved opcode " + reserved);
        }
        assertEquals(1002, refused(CLIENT, "c1 00"), "RSV1 without permessage-deflate");
        assertEquals(1002, refused(CLIENT, "a1 00"), "RSV2");
        assertEquals(1002, refused(CLIENT, "91 00"), "RSV3");
        assertEquals(1002, refused(CLIENT, "09 00"), "fragmented ping");
        assertEquals(1002, refused(CLIENT, "08 00"), "fragmented close");
        assertEquals(1002, refused(CLIENT, "89 7e 007e" + "00".repeat(126)), "ping of 126 bytes");
        assertEquals(1002, refused(CLIENT, "8a 7f 0000000000000001 00"), "pong with a 64-bit length");
        assertEquals(1002, refused(CLIENT, "80 01 61"), "continuation without a message");
        assertEquals(1002, refused(CLIENT, "81 00 80 00"), "continuation after a finished message");
        assertEquals(1002, refused(CLIENT, "01 01 61 81 01 62"), "text inside a fragmented message");
        assertEquals(1002, refused(CLIENT, "01 01 61 89 00 02 01 62"), "binary inside a fragmented message, after a ping");
        assertEquals(1002, refused(CLIENT, "82 7e 007d" + "00".repeat(125)), "125 in 16 bits");
        assertEquals(1002, refused(CLIENT, "82 7f 000000000000ffff"), "65535 in 64 bits");
        assertEquals(1002, refused(CLIENT, "82 7f 8000000000000000"), "64-bit length with its top bit set");
        assertEquals(1002, refused(SERVER, "82 ff ffffffffffffffff 00000000"), "the same, masked");
    }

    @Test
    void closeFrameViolations() {
        assertEquals(1002, refused(CLIENT, "88 01 03"), "1-byte close payload");
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            assertEquals(1002, refused(CLIENT, String.format("88 02 %04x", code)), "close code " + code);
        }
        assertEquals(1007, refused(CLIENT, "88 04 03e8 c0 80"), "reason with an overlong form");
        assertEquals(1007, refused(CLIENT, "88 03 03e8 e2"), "reason ending inside a sequence");
    }

    @Test
    void invalidUtf8Is1007() {
        assertEquals(1007, refused(CLIENT, "81 01 80"), "lone continuation byte");
        assertEquals(1007, refused(CLIENT, "81 02 c0 80"), "overlong NUL");
        assertEquals(1007, refused(CLIENT, "81 02 c1 bf"), "overlong in 2 bytes");
        assertEquals(1007, refused(CLIENT, "81 03 e0 80 80"), "overlong in 3 bytes");
        assertEquals(1007, refused(CLIENT, "81 04 f0 80 80 80"), "overlong in 4 bytes");
        assertEquals(1007, refused(CLIENT, "81 03 ed a0 80"), "surrogate U+D800");
        assertEquals(1007, refused(CLIENT, "81 04 f4 90 80 80"), "above U+10FFFF");
        assertEquals(1007, refused(CLIENT, "81 01 f5"), "F5");
        assertEquals(1007, refused(CLIENT, "81 01 ff"), "FF");
        assertEquals(1007, refused(CLIENT, "81 02 e2 28"), "sequence cut by ASCII");
        assertEquals(1007, refused(CLIENT, "81 01 ce"), "message ends inside a sequence");
        assertEquals(1007, refused(CLIENT, "01 01 ce 80 00"), "fragmented message ends inside a sequence");
        assertEquals(1007, refused(CLIENT, "01 01 ce 89 00 80 01 41"), "continuation breaks the sequence");
    }

    @Test
    void invalidUtf8IsRefusedBeforeTheRestArrives() {
        // Autobahn 6.4.x: the frame promises 21 bytes; the surrogate is certain at its second byte
        byte[] head = hex("01 15 cebae1bdb9cf83cebcceb5 eda0");
        WebSocketException e = assertThrows(WebSocketException.class,
                () -> CLIENT.get().decode(ByteBuffer.wrap(head), new Frames.Recorder()));
        assertEquals(1007, e.closeCode());
    }

    @Test
    void validUtf8EdgesAtEverySplit() throws Exception {
        String edges = "\u0000\u007f\u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff";
        byte[] b = utf8(edges);
        assertEverySplit(CLIENT, concat(new byte[] {(byte) 0x81, (byte) b.length}, b), List.of("text:" + edges));
    }

    @Test
    void payloadIsDeliveredInPartsAsItArrives() throws Exception {
        byte[] payload = random(1000, 6);
        byte[] input = concat(hex("02 7e 01f4"), Arrays.copyOf(payload, 500), hex("80 7e 01f4"), Arrays.copyOfRange(payload, 500, 1000));
        int[] cuts = new int[9];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = 100 * (i + 1) + (i >= 5 ? 4 : 0); // 100-byte reads, the second header inside the 6th
        }
        Frames.Recorder recorder = new Frames.Recorder();
        WebSocketDecoder decoder = CLIENT.get();
        ByteBuffer in = ByteBuffer.allocate(input.length).limit(0);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            in.compact().put(input, from, to - from).flip();
            decoder.decode(in, recorder);
            from = to;
        }
        assertEquals(List.of("binary:" + describe(payload)), recorder.events);
        assertTrue(recorder.partSizes.size() >= 10, "a part per read: " + recorder.partSizes);
        assertTrue(recorder.partSizes.stream().allMatch(n -> n <= 104), "no part waits for more: " + recorder.partSizes);
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < recorder.lastFlags.size(); i++) {
            expected.add(i == recorder.lastFlags.size() - 1);
        }
        assertEquals(expected, recorder.lastFlags, "last only on the final part of the final fragment");
    }

    @Test
    void textIsDeliveredAsItArrivesWithoutSplittingCodePoints() throws Exception {
        String s = "a😀b€c";
        byte[] b = utf8(s);
        byte[] input = concat(new byte[] {(byte) 0x81, (byte) b.length}, b);
        // byte by byte: a part per completed code point, never half of one
        Frames.Recorder recorder = new Frames.Recorder();
        assertEquals(List.of("text:" + s), decode(CLIENT.get(), input, Frames.byteByByte(input.length), false, recorder));
        assertEquals(List.of(1, 2, 1, 1, 1), recorder.partSizes);
        assertEquals(List.of(false, false, false, false, true), recorder.lastFlags);
    }

    @Test
    void receiverMayStopAMessage() {
        WebSocketDecoder.Receiver tooBig = new Frames.Recorder() {
            @Override
            public void binary(ByteBuffer part, boolean last) throws WebSocketException {
                throw new WebSocketException(CloseCodes.TOO_BIG, "message above 10 bytes");
            }
        };
        WebSocketException e = assertThrows(WebSocketException.class,
                () -> CLIENT.get().decode(ByteBuffer.wrap(concat(hex("82 7e 0400"), new byte[1024])), tooBig));
        assertEquals(1009, e.closeCode());
    }

    @Test
    void maskingIsUndoneInPlace() throws IOException, WebSocketException {
        ByteBuffer in = ByteBuffer.wrap(hex("81 85 37fa213d 7f9f4d5158"));
        new WebSocketDecoder(true, null).decode(in, new Frames.Recorder());
        assertEquals("48656c6c6f", HexFormat.of().formatHex(in.array(), 6, 11));
    }
}
