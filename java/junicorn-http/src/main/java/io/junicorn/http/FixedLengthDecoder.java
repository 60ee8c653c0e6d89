package io.junicorn.http;

import java.nio.ByteBuffer;

/** A body framed by Content-Length (RFC 9112 §6.2). */
public final class FixedLengthDecoder implements BodyDecoder {
    private long remaining;

    public FixedLengthDecoder(long length) {
        reset(length);
    }

    public void reset(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        this.remaining = length;
    }

    public long remaining() {
        return remaining;
    }

    @Override
    public int read(ByteBuffer in, byte[] dst, int off, int len) {
        int n = (int) Math.min(Math.min(remaining, in.remaining()), len);
        in.get(dst, off, n);
        remaining -= n;
        return n;
    }

    /** Accounts for body bytes the caller read from elsewhere (straight from the socket). */
    public void consumed(int n) {
        if (n < 0 || n > remaining) {
            throw new IllegalArgumentException("consumed " + n + " of " + remaining);
        }
        remaining -= n;
    }

    @Override
    public boolean isComplete() {
        return remaining == 0;
    }
}
