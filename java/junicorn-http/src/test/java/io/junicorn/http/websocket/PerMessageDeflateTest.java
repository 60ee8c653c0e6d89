package io.junicorn.http.websocket;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.Deflater;

import static io.junicorn.http.websocket.Frames.assertEverySplit;
import static io.junicorn.http.websocket.Frames.bytes;
import static io.junicorn.http.websocket.Frames.concat;
import static io.junicorn.http.websocket.Frames.hex;
import static io.junicorn.http.websocket.Frames.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7692: negotiation, its §7.2.3 examples at every split, bounded inflation, and its frame rules. */
class PerMessageDeflateTest {
    private static final PerMessageDeflate.Agreement DEFAULT = new PerMessageDeflate.Agreement(false, false, 0, 0);
    private static final PerMessageDeflate.Agreement NO_CONTEXT = new PerMessageDeflate.Agreement(true, true, 0, 0);

    private static PerMessageDeflate.Agreement negotiate(String... headerValues) {
        return PerMessageDeflate.negotiate(WebSocketHandshake.extensions(List.of(headerValues)));
    }

    private static String response(String... headerValues) {
        PerMessageDeflate.Agreement agreement = negotiate(headerValues);
        return agreement == null ? null : agreement.responseHeaderValue();
    }

    @Test
    void negotiation() {
        assertEquals("permessage-deflate", response("permessage-deflate"));
        assertEquals(DEFAULT, negotiate("permessage-deflate"));
        // what browsers send: the client could limit its window; the Inflater needs no limit
        assertEquals("permessage-deflate", response("permessage-deflate; client_max_window_bits"));
        assertEquals("permessage-deflate; client_max_window_bits=10", response("permessage-deflate; client_max_window_bits=10"));
        assertEquals("permessage-deflate; server_max_window_bits=15", response("permessage-deflate; server_max_window_bits=15"));
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                response("permessage-deflate; client_no_context_takeover; server_no_context_takeover"));
        assertEquals(new PerMessageDeflate.Agreement(true, true, 15, 9), negotiate(
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15; client_max_window_bits=9"));
        assertEquals(new PerMessageDeflate.Agreement(false, false, 15, 15), negotiate(
                "permessage-deflate; server_max_window_bits=\"15\"; client_max_window_bits=\"15\""), "quoted values");
    }

    @Test
    void offersThatCannotBeHonouredAreDeclinedAndTheNextTried() {
        String fallback = ", permessage-deflate; client_no_context_takeover";
        String accepted = "permessage-deflate; client_no_context_takeover";
        for (String declined : List.of(
                "permessage-deflate; server_max_window_bits=14", // java.util.zip deflates with 15 bits only
                "permessage-deflate; server_max_window_bits=8",
                "permessage-deflate; server_max_window_bits", // a value is required
                "permessage-deflate; server_max_window_bits=16",
                "permessage-deflate; client_max_window_bits=7",
                "permessage-deflate; client_max_window_bits=016",
                "permessage-deflate; client_max_window_bits=08",
                "permessage-deflate; client_max_window_bits=x",
                "permessage-deflate; server_no_context_takeover=1",
                "permessage-deflate; client_no_context_takeover=true",
                "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
                "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
                "permessage-deflate; x_unknown",
                "x-webkit-deflate-frame",
                "PERMESSAGE-DEFLATE")) {
            assertEquals(accepted, response(declined + fallback), declined);
            assertNull(response(declined), declined);
        }
        assertEquals(accepted, response("permessage-deflate; server_max_window_bits=10", "permessage-deflate; client_no_context_takeover"),
                "offers across header fields");
        assertNull(negotiate());
    }

    @Test
    void aClientCannotDeflateWithASmallWindow() {
        assertThrows(IllegalArgumentException.class,
                () -> new PerMessageDeflate(new PerMessageDeflate.Agreement(false, false, 0, 10), false));
        new PerMessageDeflate(new PerMessageDeflate.Agreement(false, false, 0, 10), true).close(); // the server inflates any window
    }

    private static Supplier<WebSocketDecoder> client(PerMessageDeflate.Agreement agreement) {
        return () -> new WebSocketDecoder(false, new PerMessageDeflate(agreement, false));
    }

    @Test
    void rfc7692Section723ExamplesAtEverySplit() throws Exception {
        Supplier<WebSocketDecoder> client = client(DEFAULT);
        assertEverySplit(client, hex("c1 07 f248cdc9c90700"), List.of("text:Hello")); // §7.2.3.1
        assertEverySplit(client, hex("41 03 f248cd 80 04 c9c90700"), List.of("text:Hello")); // fragmented
        // §7.2.3.2: the second message refers back into the first
        assertEverySplit(client, hex("c1 07 f248cdc9c90700 c1 05 f200110000"), List.of("text:Hello", "text:Hello"));
        assertEverySplit(client, hex("c1 0b 0005 00faff 48656c6c6f 00"), List.of("text:Hello")); // §7.2.3.3 stored
        assertEverySplit(client, hex("c1 08 f348cdc9c9070000"), List.of("text:Hello")); // §7.2.3.4 BFINAL
        // after a BFINAL block the next message starts a stream of its own
        assertEverySplit(client, hex("c1 08 f348cdc9c9070000 c1 07 f248cdc9c90700"), List.of("text:Hello", "text:Hello"));
        assertEverySplit(client, hex("c1 0d f24805000000ffffcac9c90700"), List.of("text:Hello")); // §7.2.3.5 two blocks
        assertEverySplit(client, hex("c1 01 00 c1 07 f248cdc9c90700"), List.of("text:", "text:Hello")); // §7.2.3.6 empty
        assertEverySplit(client, hex("c2 00 c1 07 f248cdc9c90700"), List.of("binary:", "text:Hello")); // empty payload, tolerated
        // control frames between compressed fragments; an uncompressed message between compressed ones
        assertEverySplit(client, hex("41 03 f248cd 89 01 70 80 04 c9c90700 81 02 6869 c1 05 f200110000"),
                List.of("ping:70", "text:Hello", "text:hi", "text:Hello"));
    }

    @Test
    void encoderWritesRfc7692Vectors() {
        PerMessageDeflate deflate = new PerMessageDeflate(DEFAULT, true);
        WebSocketEncoder server = new WebSocketEncoder(false, deflate);
        assertEquals("c107f248cdc9c90700", written(server, WebSocketOpcode.TEXT, "Hello", true)); // §7.2.3.1
        assertEquals("c105f200110000", written(server, WebSocketOpcode.TEXT, "Hello", true)); // §7.2.3.2
        assertEquals("8a00", written(server, WebSocketOpcode.PONG, "", true), "control frames are never compressed");
        deflate.close();

        PerMessageDeflate noContext = new PerMessageDeflate(NO_CONTEXT, true);
        WebSocketEncoder fresh = new WebSocketEncoder(false, noContext);
        assertEquals("c107f248cdc9c90700", written(fresh, WebSocketOpcode.TEXT, "Hello", true));
        assertEquals("c107f248cdc9c90700", written(fresh, WebSocketOpcode.TEXT, "Hello", true), "server_no_context_takeover");
        assertEquals("c10100", written(fresh, WebSocketOpcode.TEXT, "", true), "§7.2.3.6: an empty message");
        noContext.close();
    }

    private static String written(WebSocketEncoder encoder, WebSocketOpcode opcode, String payload, boolean fin) {
        return HexFormat.of().formatHex(bytes(encoder.frame(opcode, ByteBuffer.wrap(utf8(payload)), fin)));
    }

    @Test
    void fragmentsShareOneStreamAndEndWithTheTailStripped() throws Exception {
        PerMessageDeflate deflate = new PerMessageDeflate(DEFAULT, true);
        WebSocketEncoder server = new WebSocketEncoder(false, deflate);
        byte[] first = bytes(server.frame(WebSocketOpcode.TEXT, ByteBuffer.wrap(utf8("Hello, ")), false));
        byte[] empty = bytes(server.frame(WebSocketOpcode.CONTINUATION, ByteBuffer.allocate(0), false));
        byte[] second = bytes(server.frame(WebSocketOpcode.CONTINUATION, ByteBuffer.wrap(utf8("Hello!")), false));
        byte[] last = bytes(server.frame(WebSocketOpcode.CONTINUATION, ByteBuffer.allocate(0), true));
        deflate.close();
        assertEquals(0x41, first[0] & 0xff, "RSV1 on the first frame only");
        assertEquals(0x00, second[0] & 0xff);
        assertEquals("0000ffff", HexFormat.of().formatHex(first, first.length - 4, first.length), "a fragment is flushed whole");
        assertEquals("0000", HexFormat.of().formatHex(empty), "nothing new since the flush: an empty fragment");
        assertEquals("800100", HexFormat.of().formatHex(last), "the final fragment: an empty block's first bits");
        assertEverySplit(client(DEFAULT), concat(first, empty, second, last), List.of("text:Hello, Hello!"));
    }

    @Test
    void roundTripsWithEachAgreement() throws Exception {
        for (PerMessageDeflate.Agreement agreement : List.of(DEFAULT, NO_CONTEXT,
                new PerMessageDeflate.Agreement(true, false, 15, 0), new PerMessageDeflate.Agreement(false, true, 0, 15))) {
            WebSocketEncoderTest.roundTrip(true, agreement);
            WebSocketEncoderTest.roundTrip(false, agreement);
        }
    }

    /** Binary parts counted, not kept. */
    private static class Counter extends Frames.Recorder {
        long bytes;
        int parts;
        int largest;
        boolean ended;

        @Override
        public void binary(ByteBuffer part, boolean last) throws WebSocketException {
            bytes += part.remaining();
            parts++;
            largest = Math.max(largest, part.remaining());
            ended = last;
        }
    }

    @Test
    void inflationIsDeliveredInBoundedParts() throws Exception {
        // 16 MiB of zeros deflate to about 16 KiB: a decompression bomb in one frame
        int size = 16 << 20;
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[size]);
        byte[] payload = new byte[1 << 20];
        int length = deflater.deflate(payload, 0, payload.length, Deflater.SYNC_FLUSH) - 4; // the tail stripped
        assertTrue(deflater.needsInput() && length < 65_536, length + " bytes");
        deflater.end();
        byte[] frame = concat(hex("c2 7e"), ByteBuffer.allocate(2).putShort((short) length).array(), java.util.Arrays.copyOf(payload, length));

        Counter counter = new Counter();
        PerMessageDeflate deflate = new PerMessageDeflate(DEFAULT, false);
        new WebSocketDecoder(false, deflate).decode(ByteBuffer.wrap(frame), counter);
        deflate.close();
        assertEquals(size, counter.bytes);
        assertTrue(counter.ended);
        assertEquals(PerMessageDeflate.INFLATE_CHUNK, counter.largest);
        assertTrue(counter.parts >= size / PerMessageDeflate.INFLATE_CHUNK);

        // a receiver with a 1 MiB limit stops it after at most a part more
        Counter limited = new Counter() {
            @Override
            public void binary(ByteBuffer part, boolean last) throws WebSocketException {
                super.binary(part, last);
                if (bytes > 1 << 20) {
                    throw new WebSocketException(CloseCodes.TOO_BIG, "message above 1 MiB");
                }
            }
        };
        PerMessageDeflate again = new PerMessageDeflate(DEFAULT, false);
        WebSocketException e = assertThrows(WebSocketException.class,
                () -> new WebSocketDecoder(false, again).decode(ByteBuffer.wrap(frame), limited));
        again.close();
        assertEquals(1009, e.closeCode());
        assertTrue(limited.bytes <= (1 << 20) + PerMessageDeflate.INFLATE_CHUNK, limited.bytes + " bytes inflated");
    }

    private static int refused(String hex) {
        PerMessageDeflate deflate = new PerMessageDeflate(DEFAULT, false);
        try {
            return assertThrows(WebSocketException.class,
                    () -> new WebSocketDecoder(false, deflate).decode(ByteBuffer.wrap(hex(hex)), new Frames.Recorder()), hex).closeCode();
        } finally {
            deflate.close();
        }
    }

    @Test
    void frameRules() {
        assertEquals(1002, refused("41 03 f248cd c0 04 c9c90700"), "RSV1 on a continuation");
        assertEquals(1002, refused("c9 00"), "RSV1 on a ping");
        assertEquals(1002, refused("c8 02 03e8"), "RSV1 on a close");
        assertEquals(1002, refused("e1 00"), "RSV2 with permessage-deflate");
        assertEquals(1007, refused("c1 03 ffffff"), "not DEFLATE data");
        PerMessageDeflate deflate = new PerMessageDeflate(DEFAULT, true);
        String overlong = HexFormat.of().formatHex(bytes(new WebSocketEncoder(false, deflate)
                .frame(WebSocketOpcode.TEXT, ByteBuffer.wrap(hex("41 c0 80")), true)));
        deflate.close();
        assertEquals(1007, refused(overlong), "text that is not UTF-8 once inflated");
    }

    @Test
    void closedMeansEnded() {
        PerMessageDeflate deflate = new PerMessageDeflate(DEFAULT, true);
        WebSocketEncoder server = new WebSocketEncoder(false, deflate);
        server.frame(WebSocketOpcode.TEXT, ByteBuffer.wrap(utf8("Hello")), true);
        deflate.close();
        deflate.close();
        assertThrows(IllegalStateException.class, () -> server.frame(WebSocketOpcode.TEXT, ByteBuffer.wrap(utf8("Hello")), true));
        assertThrows(IllegalStateException.class,
                () -> new WebSocketDecoder(true, deflate).decode(ByteBuffer.wrap(hex("c1 87 00000000 f248cdc9c90700")), new Frames.Recorder()));
    }
}
