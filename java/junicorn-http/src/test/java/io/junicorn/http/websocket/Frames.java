package io.junicorn.http.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test support: byte sequences, the ways a socket might cut them, and a Receiver that records what arrived. */
final class Frames {
    private Frames() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /** Pseudo-random bytes, the same for the same seed. */
    static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * Cut points: whole; byte by byte; every two-piece split (for long inputs: near both ends and every 97th
     * byte); 20 random multi-piece splits (fixed seed).
     */
    static List<int[]> splits(int length) {
        List<int[]> splits = new ArrayList<>();
        splits.add(new int[0]);
        splits.add(byteByByte(length));
        for (int i = 1; i < length; i++) {
            if (length <= 4096 || i < 64 || i > length - 64 || i % 97 == 0) {
                splits.add(new int[] {i});
            }
        }
        Random random = new Random(length);
        for (int r = 0; r < 20 && length > 1; r++) {
            int every = 1 + random.nextInt(Math.max(1, length / 4));
            splits.add(random.ints(1, length).limit(Math.max(1, length / every)).distinct().sorted().toArray());
        }
        return splits;
    }

    /**
     * Decodes {@code input} cut at {@code cuts}, each piece appended to one read buffer as a connection's reads
     * would be (compact, put, flip), and returns the events. Checks that each call leaves at most an incomplete
     * header and that nothing is left at the end.
     */
    static List<String> decode(WebSocketDecoder decoder, byte[] input, int[] cuts, boolean direct)
            throws IOException, WebSocketException {
        return decode(decoder, input, cuts, direct, new Recorder());
    }

    static List<String> decode(WebSocketDecoder decoder, byte[] input, int[] cuts, boolean direct, Recorder recorder)
            throws IOException, WebSocketException {
        ByteBuffer in = (direct ? ByteBuffer.allocateDirect(input.length) : ByteBuffer.allocate(input.length)).limit(0);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            in.compact().put(input, from, to - from).flip();
            decoder.decode(in, recorder);
            assertTrue(in.remaining() < 14, "only an incomplete header is left");
            from = to;
        }
        assertEquals(0, in.remaining(), "every byte consumed");
        recorder.assertNoMessageOpen();
        return recorder.events;
    }

    static int[] byteByByte(int length) {
        int[] cuts = new int[Math.max(0, length - 1)];
        Arrays.setAll(cuts, i -> i + 1);
        return cuts;
    }

    /** Every split of {@code input} gives {@code expected}, each with a fresh decoder. */
    static void assertEverySplit(Supplier<WebSocketDecoder> decoder, byte[] input, List<String> expected)
            throws IOException, WebSocketException {
        int n = 0;
        for (int[] cuts : splits(input.length)) {
            assertEquals(expected, decode(decoder.get(), input, cuts, n++ % 2 == 1), () -> "cut at " + Arrays.toString(cuts));
        }
    }

    /** Records whole messages (parts joined) and control frames as strings; checks how parts are delivered. */
    static class Recorder implements WebSocketDecoder.Receiver {
        final List<String> events = new ArrayList<>();
        final List<Integer> partSizes = new ArrayList<>();
        final List<Boolean> lastFlags = new ArrayList<>();
        private StringBuilder text;
        private ByteArrayOutputStream binary;

        @Override
        public void text(CharSequence part, boolean last) {
            assertNull(binary, "text part inside a binary message");
            if (part.length() > 0) {
                assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)), "a surrogate pair split between parts");
            }
            if (text == null) {
                text = new StringBuilder();
            }
            text.append(part);
            partSizes.add(part.length());
            lastFlags.add(last);
            if (last) {
                events.add("text:" + text);
                text = null;
            }
        }

        @Override
        public void binary(ByteBuffer part, boolean last) throws WebSocketException {
            assertNull(text, "binary part inside a text message");
            if (binary == null) {
                binary = new ByteArrayOutputStream();
            }
            partSizes.add(part.remaining());
            lastFlags.add(last);
            binary.writeBytes(bytes(part));
            if (last) {
                events.add("binary:" + describe(binary.toByteArray()));
                binary = null;
            }
        }

        @Override
        public void ping(ByteBuffer payload) {
            events.add("ping:" + describe(bytes(payload)));
        }

        @Override
        public void pong(ByteBuffer payload) {
            events.add("pong:" + describe(bytes(payload)));
        }

        @Override
        public void close(int code, String reason) {
            events.add("close:" + code + ":" + reason);
        }

        void assertNoMessageOpen() {
            assertNull(text, "a text message without its last part");
            assertNull(binary, "a binary message without its last part");
        }
    }

    /** Short payloads as hex, long ones as their length and a hash. */
    static String describe(byte[] b) {
        return b.length <= 32 ? HexFormat.of().formatHex(b) : b.length + " bytes #" + Integer.toHexString(Arrays.hashCode(b));
    }
}
