package io.junicorn.http.websocket;

/** The frame types of RFC 6455 §5.2 and §11.8; the other codes are reserved and refused by the decoder. */
public enum WebSocketOpcode {
    CONTINUATION(0x0), TEXT(0x1), BINARY(0x2), CLOSE(0x8), PING(0x9), PONG(0xA);

    private final int code;

    WebSocketOpcode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The opcode with this 4-bit code, or null when the code is reserved (3-7, 0xB-0xF). */
    public static WebSocketOpcode of(int code) {
        return switch (code) {
            case 0x0 -> CONTINUATION;
            case 0x1 -> TEXT;
            case 0x2 -> BINARY;
            case 0x8 -> CLOSE;
            case 0x9 -> PING;
            case 0xA -> PONG;
            default -> null;
        };
    }

    /** Control frames (§5.5) have the high bit of the opcode set: never fragmented, at most 125 bytes. */
    boolean control() {
        return (code & 0x8) != 0;
    }
}
