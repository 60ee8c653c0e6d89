package io.junicorn.http;

/**
 * One HTTP/2 frame as {@link Http2FrameParser} read it (RFC 9113 §4.1), its payload copied out of the read
 * buffer and checked against its type's rules (§6): sizes, stream ids and padding. Padding is removed: for
 * DATA and HEADERS, {@link #contentOffset()} and {@link #contentLength()} give the data or the header block
 * fragment (after HEADERS' priority fields, which are ignored as RFC 9113 §5.3.2 permits).
 *
 * @param length the payload length on the wire, padding included (what flow control counts for DATA)
 */
public record Http2Frame(int type, int flags, int streamId, int length, byte[] payload, int contentOffset,
                         int contentLength) {
    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int PRIORITY = 0x2;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PUSH_PROMISE = 0x5;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;

    public static final int FLAG_END_STREAM = 0x1;
    public static final int FLAG_ACK = 0x1;
    public static final int FLAG_END_HEADERS = 0x4;
    public static final int FLAG_PADDED = 0x8;
    public static final int FLAG_PRIORITY = 0x20;

    /** The frame header's size. */
    public static final int HEADER_LENGTH = 9;

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** RST_STREAM's and GOAWAY's error code. */
    public int errorCode() {
        return readInt(payload, type == GOAWAY ? 4 : 0);
    }

    /** WINDOW_UPDATE's increment, 0 to 2^31-1 (the reserved bit dropped). */
    public int windowIncrement() {
        return readInt(payload, 0) & 0x7fffffff;
    }

    /** GOAWAY's last stream id. */
    public int lastStreamId() {
        return readInt(payload, 0) & 0x7fffffff;
    }

    /** PRIORITY's and HEADERS' stream dependency (its exclusive bit dropped), when present. */
    public int dependency() {
        int at = type == PRIORITY ? 0 : contentOffset - 5;
        return readInt(payload, at) & 0x7fffffff;
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    public static String typeName(int type) {
        return switch (type) {
            case DATA -> "DATA";
            case HEADERS -> "HEADERS";
            case PRIORITY -> "PRIORITY";
            case RST_STREAM -> "RST_STREAM";
            case SETTINGS -> "SETTINGS";
            case PUSH_PROMISE -> "PUSH_PROMISE";
            case PING -> "PING";
            case GOAWAY -> "GOAWAY";
            case WINDOW_UPDATE -> "WINDOW_UPDATE";
            case CONTINUATION -> "CONTINUATION";
            default -> "0x" + Integer.toHexString(type);
        };
    }

    @Override
    public String toString() {
        return typeName(type) + "(stream " + streamId + ", flags 0x" + Integer.toHexString(flags) + ", " + length + " bytes)";
    }
}
