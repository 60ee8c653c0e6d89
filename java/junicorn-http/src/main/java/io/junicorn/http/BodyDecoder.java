package io.junicorn.http;

import java.nio.ByteBuffer;

/** Turns the bytes after a request head into body bytes. */
public interface BodyDecoder {
    /**
     * Copies body bytes from {@code in} into {@code dst}, consuming framing as it goes. Returns the
     * number of body bytes copied; 0 with {@link #isComplete()} false means {@code in} is used up and
     * more input is needed. Never consumes bytes past the end of the body.
     *
     * @throws HttpException when the framing is invalid; the connection must not be reused
     */
    int read(ByteBuffer in, byte[] dst, int off, int len);

    /** True once the whole body (and for chunked, the trailer section) has been consumed. */
    boolean isComplete();
}
