package io.junicorn.http;

import java.util.Arrays;

/**
 * Writes HTTP/2 frames into a growing byte array (RFC 9113 §4.1, §6), writing nothing anywhere else: the
 * connection takes {@link #array()} up to {@link #length()} and sends it. Payloads of DATA and header blocks
 * are the caller's to cut to the peer's SETTINGS_MAX_FRAME_SIZE and flow-control windows.
 */
public final class Http2FrameEncoder {
    private byte[] buf;
    private int length;

    public Http2FrameEncoder(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    public byte[] array() {
        return buf;
    }

    public int length() {
        return length;
    }

    public void reset() {
        length = 0;
    }

    /** A frame header; the payload, {@code payloadLength} bytes, must follow. */
    public Http2FrameEncoder header(int payloadLength, int type, int flags, int streamId) {
        ensure(Http2Frame.HEADER_LENGTH + payloadLength);
        buf[length++] = (byte) (payloadLength >>> 16);
        buf[length++] = (byte) (payloadLength >>> 8);
        buf[length++] = (byte) payloadLength;
        buf[length++] = (byte) type;
        buf[length++] = (byte) flags;
        putInt(streamId & 0x7fffffff);
        return this;
    }

    public Http2FrameEncoder bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, length, len);
        length += len;
        return this;
    }

    public Http2FrameEncoder data(int streamId, byte[] b, int off, int len, boolean endStream) {
        return header(len, Http2Frame.DATA, endStream ? Http2Frame.FLAG_END_STREAM : 0, streamId).bytes(b, off, len);
    }

    /** SETTINGS with identifier/value pairs. */
    public Http2FrameEncoder settings(int... idValue) {
        header(idValue.length / 2 * 6, Http2Frame.SETTINGS, 0, 0);
        for (int i = 0; i < idValue.length; i += 2) {
            putShort(idValue[i]);
            putInt(idValue[i + 1]);
        }
        return this;
    }

    public Http2FrameEncoder settingsAck() {
        return header(0, Http2Frame.SETTINGS, Http2Frame.FLAG_ACK, 0);
    }

    public Http2FrameEncoder ping(byte[] opaque, boolean ack) {
        return header(8, Http2Frame.PING, ack ? Http2Frame.FLAG_ACK : 0, 0).bytes(opaque, 0, 8);
    }

    public Http2FrameEncoder windowUpdate(int streamId, int increment) {
        header(4, Http2Frame.WINDOW_UPDATE, 0, streamId);
        putInt(increment);
        return this;
    }

    public Http2FrameEncoder rstStream(int streamId, Http2ErrorCode code) {
        header(4, Http2Frame.RST_STREAM, 0, streamId);
        putInt(code.code());
        return this;
    }

    /** GOAWAY with the last stream id this side will process and a debug text (the reason). */
    public Http2FrameEncoder goAway(int lastStreamId, Http2ErrorCode code, byte[] debug) {
        header(8 + debug.length, Http2Frame.GOAWAY, 0, 0);
        putInt(lastStreamId);
        putInt(code.code());
        return bytes(debug, 0, debug.length);
    }

    /**
     * A header block as HEADERS and as many CONTINUATION frames as {@code maxFrameSize} requires (§4.3: they
     * go out together, nothing between them).
     */
    public Http2FrameEncoder headers(int streamId, byte[] block, int blockLength, boolean endStream, int maxFrameSize) {
        int first = Math.min(blockLength, maxFrameSize);
        int flags = (endStream ? Http2Frame.FLAG_END_STREAM : 0) | (first == blockLength ? Http2Frame.FLAG_END_HEADERS : 0);
        header(first, Http2Frame.HEADERS, flags, streamId).bytes(block, 0, first);
        for (int at = first; at < blockLength; ) {
            int n = Math.min(blockLength - at, maxFrameSize);
            header(n, Http2Frame.CONTINUATION, at + n == blockLength ? Http2Frame.FLAG_END_HEADERS : 0, streamId)
                    .bytes(block, at, n);
            at += n;
        }
        return this;
    }

    private void putShort(int v) {
        ensure(2);
        buf[length++] = (byte) (v >>> 8);
        buf[length++] = (byte) v;
    }

    private void putInt(int v) {
        ensure(4);
        buf[length++] = (byte) (v >>> 24);
        buf[length++] = (byte) (v >>> 16);
        buf[length++] = (byte) (v >>> 8);
        buf[length++] = (byte) v;
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}
