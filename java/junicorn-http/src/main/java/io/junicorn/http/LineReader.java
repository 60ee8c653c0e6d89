package io.junicorn.http;

import java.nio.ByteBuffer;

/**
 * Collects one CRLF-terminated line across any number of input buffers. A CR not followed by LF, or an
 * LF not preceded by CR, is refused at the byte where it is seen (RFC 9112 §2.2), so the outcome does
 * not depend on how the input was split.
 */
final class LineReader {
    private byte[] buf = new byte[128];
    private int length;
    private boolean sawCr;

    void reset() {
        length = 0;
        sawCr = false;
    }

    byte[] bytes() {
        return buf;
    }

    /** Length of the completed line, CRLF excluded. */
    int length() {
        return length;
    }

    /**
     * Consumes input up to and including the next LF. Returns true when a complete line is in
     * {@link #bytes()}; false when the input ran out first (everything was consumed).
     *
     * @param maxLength longest line content accepted, CRLF excluded
     * @param tooLongStatus status when the line is longer
     */
    boolean read(ByteBuffer in, int maxLength, int tooLongStatus, String tooLongReason) {
        if (in.hasArray()) {
            return readArray(in, maxLength, tooLongStatus, tooLongReason);
        }
        while (in.hasRemaining()) {
            if (accept(in.get(), maxLength, tooLongStatus, tooLongReason)) {
                return true;
            }
        }
        return false;
    }

    private boolean readArray(ByteBuffer in, int maxLength, int tooLongStatus, String tooLongReason) {
        byte[] a = in.array();
        int base = in.arrayOffset();
        int p = base + in.position();
        int end = base + in.limit();
        try {
            while (p < end) {
                byte b = a[p++];
                if (sawCr) {
                    if (b != Ascii.LF) {
                        throw HttpException.badRequest("bare CR (RFC 9112 §2.2)");
                    }
                    sawCr = false;
                    return true;
                }
                if (b == Ascii.CR) {
                    sawCr = true;
                } else if (b == Ascii.LF) {
                    throw HttpException.badRequest("bare LF (RFC 9112 §2.2)");
                } else {
                    if (length >= maxLength) {
                        throw new HttpException(tooLongStatus, tooLongReason);
                    }
                    if (length == buf.length) {
                        grow(maxLength);
                    }
                    buf[length++] = b;
                }
            }
            return false;
        } finally {
            in.position(p - base);
        }
    }

    private boolean accept(byte b, int maxLength, int tooLongStatus, String tooLongReason) {
        if (sawCr) {
            if (b != Ascii.LF) {
                throw HttpException.badRequest("bare CR (RFC 9112 §2.2)");
            }
            sawCr = false;
            return true;
        }
        if (b == Ascii.CR) {
            sawCr = true;
        } else if (b == Ascii.LF) {
            throw HttpException.badRequest("bare LF (RFC 9112 §2.2)");
        } else {
            if (length >= maxLength) {
                throw new HttpException(tooLongStatus, tooLongReason);
            }
            if (length == buf.length) {
                grow(maxLength);
            }
            buf[length++] = b;
        }
        return false;
    }

    private void grow(int maxLength) {
        buf = java.util.Arrays.copyOf(buf, Math.min(Math.max(maxLength, 16), buf.length * 2));
    }
}
