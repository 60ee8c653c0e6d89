package io.junicorn.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Ways of cutting one input into the pieces a socket might deliver. */
final class Splits {
    private Splits() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whole; byte by byte; every two-piece split; 20 random splits (fixed seed). */
    static List<int[]> all(int length) {
        List<int[]> splits = new ArrayList<>();
        splits.add(new int[0]);
        int[] each = new int[Math.max(0, length - 1)];
        for (int i = 0; i < each.length; i++) {
            each[i] = i + 1;
        }
        splits.add(each);
        for (int i = 1; i < length; i++) {
            splits.add(new int[] {i});
        }
        Random random = new Random(length);
        for (int r = 0; r < 20; r++) {
            List<Integer> cuts = new ArrayList<>();
            for (int i = 1; i < length; i++) {
                if (random.nextInt(8) == 0) {
                    cuts.add(i);
                }
            }
            splits.add(cuts.stream().mapToInt(Integer::intValue).toArray());
        }
        return splits;
    }

    /** The pieces of {@code input} at the given cut points, each in its own buffer, heap or direct. */
    static List<ByteBuffer> pieces(byte[] input, int[] cuts, boolean direct) {
        List<ByteBuffer> pieces = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            ByteBuffer b = direct ? ByteBuffer.allocateDirect(to - from) : ByteBuffer.allocate(to - from);
            b.put(input, from, to - from).flip();
            pieces.add(b);
            from = to;
        }
        return pieces;
    }
}
