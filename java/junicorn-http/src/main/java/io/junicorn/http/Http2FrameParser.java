package io.junicorn.http;

import java.nio.ByteBuffer;

/**
 * Reads HTTP/2 frames from whatever bytes arrived (RFC 9113 §4), never a socket: {@link #parse} returns the
 * next complete frame, or null when more bytes are needed, consuming nothing then. Each frame is checked
 * against the rules of §6 that need no connection state: its size against the advertised
 * SETTINGS_MAX_FRAME_SIZE (§4.2), fixed sizes, stream id zero or not, padding. A violation throws the
 * connection or stream error the section names. Unknown frame types are returned for the caller to ignore
 * (§4.1, §5.5).
 */
public final class Http2FrameParser {
    private int maxFrameSize;

    /** @param maxFrameSize the SETTINGS_MAX_FRAME_SIZE this side advertised */
    public Http2FrameParser(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /** The next complete frame in {@code in}, or null (nothing consumed) until it has arrived whole. */
    public Http2Frame parse(ByteBuffer in) throws Http2Exception {
        if (in.remaining() < Http2Frame.HEADER_LENGTH) {
            return null;
        }
        int at = in.position();
        int length = (in.get(at) & 0xff) << 16 | (in.get(at + 1) & 0xff) << 8 | (in.get(at + 2) & 0xff);
        int type = in.get(at + 3) & 0xff;
        int flags = in.get(at + 4) & 0xff;
        int streamId = in.getInt(at + 5) & 0x7fffffff; // the reserved bit is ignored (§4.1)
        if (length > maxFrameSize) {
            // a frame that may change connection state (HEADERS' compression context) cannot be skipped (§4.2)
            throw Http2Exception.connection(Http2ErrorCode.FRAME_SIZE_ERROR,
                    "frame of " + length + " bytes above SETTINGS_MAX_FRAME_SIZE " + maxFrameSize + " (RFC 9113 §4.2)");
        }
        if (in.remaining() < Http2Frame.HEADER_LENGTH + length) {
            return null;
        }
        byte[] payload = new byte[length];
        in.position(at + Http2Frame.HEADER_LENGTH);
        in.get(payload);
        return check(type, flags, streamId, payload);
    }

    private static Http2Frame check(int type, int flags, int streamId, byte[] payload) throws Http2Exception {
        int length = payload.length;
        int offset = 0;
        int content = length;
        switch (type) {
            case Http2Frame.DATA, Http2Frame.HEADERS -> {
                requireStream(type, streamId);
                if ((flags & Http2Frame.FLAG_PADDED) != 0) {
                    if (length < 1) {
                        throw sizeError(type, length);
                    }
                    int pad = payload[0] & 0xff;
                    offset = 1;
                    content = length - 1 - pad;
                }
                if (type == Http2Frame.HEADERS && (flags & Http2Frame.FLAG_PRIORITY) != 0) {
                    offset += 5;
                    content -= 5;
                }
                if (content < 0) {
                    throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR,
                            Http2Frame.typeName(type) + " padding longer than its payload (RFC 9113 §6.1, §6.2)");
                }
            }
            case Http2Frame.PRIORITY -> {
                requireStream(type, streamId);
                if (length != 5) {
                    throw Http2Exception.stream(streamId, Http2ErrorCode.FRAME_SIZE_ERROR,
                            "PRIORITY of " + length + " bytes, not 5 (RFC 9113 §6.3)");
                }
            }
            case Http2Frame.RST_STREAM -> {
                requireStream(type, streamId);
                requireLength(type, length, 4);
            }
            case Http2Frame.SETTINGS -> {
                requireConnection(type, streamId);
                if ((flags & Http2Frame.FLAG_ACK) != 0 ? length != 0 : length % 6 != 0) {
                    throw sizeError(type, length);
                }
            }
            case Http2Frame.PUSH_PROMISE -> throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR,
                    "PUSH_PROMISE from a client (RFC 9113 §8.4)");
            case Http2Frame.PING -> {
                requireConnection(type, streamId);
                requireLength(type, length, 8);
            }
            case Http2Frame.GOAWAY -> {
                requireConnection(type, streamId);
                if (length < 8) {
                    throw sizeError(type, length);
                }
            }
            case Http2Frame.WINDOW_UPDATE -> requireLength(type, length, 4);
            case Http2Frame.CONTINUATION -> requireStream(type, streamId);
            default -> {
            }
        }
        return new Http2Frame(type, flags, streamId, length, payload, offset, content);
    }

    private static void requireStream(int type, int streamId) throws Http2Exception {
        if (streamId == 0) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR,
                    Http2Frame.typeName(type) + " on stream 0 (RFC 9113 §6)");
        }
    }

    private static void requireConnection(int type, int streamId) throws Http2Exception {
        if (streamId != 0) {
            throw Http2Exception.connection(Http2ErrorCode.PROTOCOL_ERROR,
                    Http2Frame.typeName(type) + " on stream " + streamId + ", not 0 (RFC 9113 §6)");
        }
    }

    private static void requireLength(int type, int length, int expected) throws Http2Exception {
        if (length != expected) {
            throw sizeError(type, length);
        }
    }

    private static Http2Exception sizeError(int type, int length) {
        return Http2Exception.connection(Http2ErrorCode.FRAME_SIZE_ERROR,
                Http2Frame.typeName(type) + " of " + length + " bytes (RFC 9113 §6)");
    }
}
