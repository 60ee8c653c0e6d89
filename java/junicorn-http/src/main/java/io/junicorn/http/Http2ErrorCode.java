package io.junicorn.http;

/** HTTP/2 error codes (RFC 9113 §7), carried by RST_STREAM and GOAWAY. */
public enum Http2ErrorCode {
    NO_ERROR(0x0),
    PROTOCOL_ERROR(0x1),
    INTERNAL_ERROR(0x2),
    FLOW_CONTROL_ERROR(0x3),
    SETTINGS_TIMEOUT(0x4),
    STREAM_CLOSED(0x5),
    FRAME_SIZE_ERROR(0x6),
    REFUSED_STREAM(0x7),
    CANCEL(0x8),
    COMPRESSION_ERROR(0x9),
    CONNECT_ERROR(0xa),
    ENHANCE_YOUR_CALM(0xb),
    INADEQUATE_SECURITY(0xc),
    HTTP_1_1_REQUIRED(0xd);

    private final int code;

    Http2ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The code's name, or its number for one this server does not know (RFC 9113 §7: not an error). */
    public static String describe(int code) {
        for (Http2ErrorCode c : values()) {
            if (c.code == code) {
                return c.name();
            }
        }
        return "0x" + Integer.toHexString(code);
    }
}
