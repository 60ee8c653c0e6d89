package io.junicorn.http.websocket;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static io.junicorn.http.websocket.Frames.bytes;
import static io.junicorn.http.websocket.Frames.describe;
import static io.junicorn.http.websocket.Frames.random;
import static io.junicorn.http.websocket.Frames.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Frames as written (lengths, masking, close payloads), and encoder to decoder in both roles. */
class WebSocketEncoderTest {
    private static final WebSocketEncoder SERVER = new WebSocketEncoder(false, null);

    private static String written(WebSocketEncoder encoder, WebSocketOpcode opcode, byte[] payload, boolean fin) {
        return HexFormat.of().formatHex(bytes(encoder.frame(opcode, ByteBuffer.wrap(payload), fin)));
    }

    @Test
    void rfc6455Section57Examples() {
        assertEquals("810548656c6c6f", written(SERVER, WebSocketOpcode.TEXT, utf8("Hello"), true));
        assertEquals("890548656c6c6f", written(SERVER, WebSocketOpcode.PING, utf8("Hello"), true));
        WebSocketEncoder server = new WebSocketEncoder(false, null);
        assertEquals("010348656c", written(server, WebSocketOpcode.TEXT, utf8("Hel"), false));
        assertEquals("8a00", written(server, WebSocketOpcode.PONG, new byte[0], true), "a control frame between fragments");
        assertEquals("80026c6f", written(server, WebSocketOpcode.CONTINUATION, utf8("lo"), true));
    }

    @Test
    void lengthsInTheMinimalForm() {
        assertEquals("827d", written(SERVER, WebSocketOpcode.BINARY, new byte[125], true).substring(0, 4));
        assertEquals("827e007e", written(SERVER, WebSocketOpcode.BINARY, new byte[126], true).substring(0, 8));
        assertEquals("827effff", written(SERVER, WebSocketOpcode.BINARY, new byte[65_535], true).substring(0, 8));
        assertEquals("827f0000000000010000", written(SERVER, WebSocketOpcode.BINARY, new byte[65_536], true).substring(0, 20));
    }

    @Test
    void clientFramesAreMaskedWithFreshKeys() {
        WebSocketEncoder client = new WebSocketEncoder(true, null);
        byte[] payload = new byte[64];
        byte[] first = bytes(client.frame(WebSocketOpcode.BINARY, ByteBuffer.wrap(payload), true));
        byte[] second = bytes(client.frame(WebSocketOpcode.BINARY, ByteBuffer.wrap(payload), true));
        assertEquals((byte) 0xc0, first[1], "mask bit and length 64");
        assertEquals(2 + 4 + 64, first.length);
        assertNotEquals(HexFormat.of().formatHex(first, 2, 6), HexFormat.of().formatHex(second, 2, 6), "a new key per frame");
        for (int i = 0; i < 64; i++) {
            assertEquals(first[2 + (i & 3)], first[6 + i], "zeros masked are the key");
        }
    }

    @Test
    void payloadPositionIsLeftAsItWas() {
        ByteBuffer payload = ByteBuffer.wrap(utf8("Hello"));
        SERVER.frame(WebSocketOpcode.TEXT, payload, true);
        new WebSocketEncoder(true, null).frame(WebSocketOpcode.TEXT, payload, true);
        assertEquals(5, payload.remaining());
    }

    @Test
    void closePayloads() {
        assertEquals("880203e8", HexFormat.of().formatHex(bytes(SERVER.close(CloseCodes.NORMAL, ""))));
        assertEquals("880503e9627965", HexFormat.of().formatHex(bytes(SERVER.close(CloseCodes.GOING_AWAY, "bye"))));
        assertEquals("8800", HexFormat.of().formatHex(bytes(SERVER.close(CloseCodes.NO_STATUS, "not sent"))));
        // 61 two-byte characters are 122 bytes; one more would be 124: the reason is cut before it
        String reason = "é".repeat(70);
        byte[] frame = bytes(SERVER.close(CloseCodes.POLICY_VIOLATION, reason));
        assertEquals(2 + 2 + 122, frame.length);
        assertEquals("é".repeat(61), new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8));
        // 123 ASCII bytes fit exactly
        assertEquals(2 + 125, bytes(SERVER.close(4000, "x".repeat(200))).length);
        assertThrows(IllegalArgumentException.class, () -> SERVER.close(CloseCodes.ABNORMAL, ""));
        assertThrows(IllegalArgumentException.class, () -> SERVER.close(1015, ""));
        assertThrows(IllegalArgumentException.class, () -> SERVER.close(2999, ""));
    }

    @Test
    void misuseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SERVER.frame(WebSocketOpcode.PING, ByteBuffer.allocate(126), true));
        assertThrows(IllegalArgumentException.class, () -> SERVER.frame(WebSocketOpcode.PONG, ByteBuffer.allocate(1), false));
        WebSocketEncoder encoder = new WebSocketEncoder(false, null);
        assertThrows(IllegalStateException.class, () -> encoder.frame(WebSocketOpcode.CONTINUATION, ByteBuffer.allocate(1), true));
        encoder.frame(WebSocketOpcode.TEXT, ByteBuffer.allocate(1), false);
        assertThrows(IllegalStateException.class, () -> encoder.frame(WebSocketOpcode.BINARY, ByteBuffer.allocate(1), true));
    }

    @Test
    void sendableCloseCodes() {
        for (int code = 0; code < 70_000; code++) {
            boolean expected = code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
            assertEquals(expected, CloseCodes.sendable(code), "code " + code);
        }
    }

    /**
     * A mixed sequence written by one side and read by the other at assorted splits: messages of every length
     * form, fragmented at random points (inside code points), control frames between fragments.
     */
    static void roundTrip(boolean clientWrites, PerMessageDeflate.Agreement agreement) throws Exception {
        PerMessageDeflate writerDeflate = agreement == null ? null : new PerMessageDeflate(agreement, !clientWrites);
        PerMessageDeflate readerDeflate = agreement == null ? null : new PerMessageDeflate(agreement, clientWrites);
        try {
            WebSocketEncoder encoder = new WebSocketEncoder(clientWrites, writerDeflate);
            WebSocketDecoder decoder = new WebSocketDecoder(clientWrites, readerDeflate);
            Random random = new Random(clientWrites ? 7 : 8);
            List<String> expected = new ArrayList<>();
            List<byte[]> wire = new ArrayList<>();
            String text = "WebSocket ✓ κόσμε 😀 ".repeat(400);
            for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 200_000}) {
                boolean isText = random.nextBoolean();
                byte[] payload = isText ? utf8(text.substring(0, Math.min(length, text.length()))) : random(length, length);
                expected.add(isText ? "text:" + new String(payload, StandardCharsets.UTF_8) : "binary:" + describe(payload));
                int fragments = 1 + random.nextInt(4);
                int from = 0;
                for (int f = 0; f < fragments; f++) {
                    boolean fin = f == fragments - 1;
                    int to = fin ? payload.length : from + random.nextInt(payload.length - from + 1);
                    WebSocketOpcode opcode = f > 0 ? WebSocketOpcode.CONTINUATION : isText ? WebSocketOpcode.TEXT : WebSocketOpcode.BINARY;
                    wire.add(bytes(encoder.frame(opcode, ByteBuffer.wrap(payload, from, to - from), fin)));
                    from = to;
                    if (!fin && random.nextBoolean()) {
                        wire.add(bytes(encoder.frame(WebSocketOpcode.PING, ByteBuffer.wrap(utf8("f" + f)), true)));
                        expected.add(expected.size() - 1, "ping:" + HexFormat.of().formatHex(utf8("f" + f)));
                    }
                }
            }
            wire.add(bytes(encoder.close(CloseCodes.NORMAL, "done")));
            expected.add("close:1000:done");
            byte[] input = Frames.concat(wire.toArray(new byte[0][]));
            int[] cuts = random.ints(1, input.length).limit(2000).distinct().sorted().toArray();
            assertEquals(expected, Frames.decode(decoder, input, cuts, false));
        } finally {
            if (writerDeflate != null) {
                writerDeflate.close();
                readerDeflate.close();
            }
        }
    }

    @Test
    void clientToServer() throws Exception {
        roundTrip(true, null);
    }

    @Test
    void serverToClient() throws Exception {
        roundTrip(false, null);
    }
}
