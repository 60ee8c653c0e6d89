package io.junicorn.http;

/**
 * Chunk framing for a response body (RFC 9112 §7.1). The size line is written in front of data already
 * in the caller's buffer, so the data is never copied to make room for it.
 */
public final class ChunkedEncoder {
    /** Longest size line: 8 hex digits for an int size, plus CRLF. */
    public static final int MAX_SIZE_LINE = 10;
    /** last-chunk and an empty trailer section. */
    public static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
    public static final byte[] CRLF = {'\r', '\n'};

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ChunkedEncoder() {
    }

    public static int sizeLineLength(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + size);
        }
        return (32 - Integer.numberOfLeadingZeros(size) + 3) / 4 + 2;
    }

    /**
     * Writes {@code <hex size>\r\n} so that it ends at {@code end} (where the chunk data begins) and
     * returns the index where it starts.
     */
    public static int writeSizeLineBefore(byte[] dst, int end, int size) {
        int start = end - sizeLineLength(size);
        int p = end - 2;
        dst[p] = '\r';
        dst[p + 1] = '\n';
        int v = size;
        do {
            dst[--p] = HEX[v & 0xf];
            v >>>= 4;
        } while (v != 0);
        if (p != start) {
            throw new AssertionError("size line length");
        }
        return start;
    }
}
