package io.junicorn.http;

import java.nio.ByteBuffer;

/**
 * The peer's SETTINGS (RFC 9113 §6.5.2), starting from the protocol's initial values and updated by each
 * SETTINGS frame in order. Values out of range are connection errors; unknown identifiers are ignored.
 */
public final class Http2Settings {
    public static final int HEADER_TABLE_SIZE = 0x1;
    public static final int ENABLE_PUSH = 0x2;
    public static final int MAX_CONCURRENT_STREAMS = 0x3;
    public static final int INITIAL_WINDOW_SIZE = 0x4;
    public static final int MAX_FRAME_SIZE = 0x5;
    public static final int MAX_HEADER_LIST_SIZE = 0x6;

    /** The protocol's initial window and frame size (§6.5.2, §6.9.2). */
    public static final int DEFAULT_WINDOW_SIZE = 65_535;
    public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;
    public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;
    public static final int MAX_WINDOW_SIZE = Integer.MAX_VALUE;

    private int headerTableSize = 4096;
    private int initialWindowSize = DEFAULT_WINDOW_SIZE;
    private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
    private long maxConcurrentStreams = Long.MAX_VALUE;
    private long maxHeaderListSize = Long.MAX_VALUE;

    /**
     * Applies a SETTINGS frame's payload (not an ACK). Returns the change of SETTINGS_INITIAL_WINDOW_SIZE, which
     * the caller applies to every open stream's send window (§6.9.2).
     */
    public int apply(Http2Frame frame) throws Http2Exception {
        ByteBuffer b = ByteBuffer.wrap(frame.payload());
        int before = initialWindowSize;
        while (b.remaining() >= 6) {
            int id = b.getShort() & 0xffff;
            long value = b.getInt() & 0xffffffffL;
            switch (id) {
                case HEADER_TABLE_SIZE -> headerTableSize = (int) Math.min(value, Integer.MAX_VALUE);
                case ENABLE_PUSH -> {
                    if (value > 1) {
                        throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR,
                                "SETTINGS_ENABLE_PUSH " + value + ", not 0 or 1 (RFC 9113 §6.5.2)");
                    }
                }
                case MAX_CONCURRENT_STREAMS -> maxConcurrentStreams = value;
                case INITIAL_WINDOW_SIZE -> {
                    if (value > MAX_WINDOW_SIZE) {
                        throw Http2Exception.connection(Http2ErrorCode.FLOW_CONTROL_ERROR,
                                "SETTINGS_INITIAL_WINDOW_SIZE " + value + " above 2^31-1 (RFC 9113 §6.5.2)");
                    }
                    initialWindowSize = (int) value;
                }
                case MAX_FRAME_SIZE -> {
                    if (value < DEFAULT_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) {
                        throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR,
                                "SETTINGS_MAX_FRAME_SIZE " + value + " outside 2^14..2^24-1 (RFC 9113 §6.5.2)");
                    }
                    maxFrameSize = (int) value;
                }
                case MAX_HEADER_LIST_SIZE -> maxHeaderListSize = value;
                default -> {
                }
            }
        }
        return initialWindowSize - before;
    }

    public int headerTableSize() {
        return headerTableSize;
    }

    public int initialWindowSize() {
        return initialWindowSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    public long maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    public long maxHeaderListSize() {
        return maxHeaderListSize;
    }
}
