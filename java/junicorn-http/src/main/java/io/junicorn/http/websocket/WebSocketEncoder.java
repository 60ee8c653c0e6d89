package io.junicorn.http.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The outgoing side of one connection: each call returns one whole frame (RFC 6455 §5.2) to write, and writes
 * nothing anywhere. Thread-safety is the caller's: one writer at a time, and the frames of a fragmented message
 * with nothing but control frames between them (§5.4).
 */
public final class WebSocketEncoder {
    private static final int MAX_CONTROL_PAYLOAD = 125;
    /** A close reason's room: 125 bytes less the code's 2 (§5.5.1). */
    private static final int MAX_CLOSE_REASON = MAX_CONTROL_PAYLOAD - 2;
    // masking keys must be unpredictable to the page's script (§5.3, §10.3): a strong source
    private static final SecureRandom MASKING_KEYS = new SecureRandom();

    private final boolean client;
    private final PerMessageDeflate deflate;
    private boolean inMessage;
    private boolean compressed;

    /**
     * @param client  true: masks every frame (a client, and tests)
     * @param deflate the connection's permessage-deflate, or null: when given, every data message is compressed
     */
    public WebSocketEncoder(boolean client, PerMessageDeflate deflate) {
        this.client = client;
        this.deflate = deflate;
    }

    /**
     * One frame: a data frame (TEXT or BINARY for a message's first, CONTINUATION after; {@code fin} on its
     * last) or a control frame (PING, PONG, CLOSE: payload at most 125 bytes, {@code fin} true). With deflate
     * a data message is compressed, RSV1 on its first frame, one DEFLATE stream across its fragments. The
     * payload's position is left as it was.
     *
     * @throws IllegalArgumentException for a control frame above 125 bytes or without {@code fin}
     * @throws IllegalStateException for CONTINUATION outside a message, or TEXT or BINARY inside one
     */
    public ByteBuffer frame(WebSocketOpcode opcode, ByteBuffer payload, boolean fin) {
        if (opcode.control()) {
            if (payload.remaining() > MAX_CONTROL_PAYLOAD || !fin) {
                throw new IllegalArgumentException(opcode + " frame of " + payload.remaining() + " bytes"
                        + (fin ? "" : ", not final") + ": control frames are whole and at most 125 bytes (RFC 6455 §5.5)");
            }
            return write(opcode.code() | 0x80, payload.duplicate());
        }
        if (opcode == WebSocketOpcode.CONTINUATION ? !inMessage : inMessage) {
            throw new IllegalStateException(opcode + (inMessage ? " inside a fragmented message" : " without a message to continue"));
        }
        int b0 = opcode.code() | (fin ? 0x80 : 0);
        if (opcode != WebSocketOpcode.CONTINUATION) {
            compressed = deflate != null;
            if (compressed) {
                b0 |= 0x40; // RSV1: the message is compressed (RFC 7692 §6)
            }
        }
        inMessage = !fin;
        return write(b0, compressed ? deflate.deflate(payload, fin) : payload.duplicate());
    }

    /**
     * A close frame: {@code code} and {@code reason}, the reason cut to fit the frame's 125 bytes on a
     * UTF-8 boundary; no payload at all when {@code code} is 1005 (NO_STATUS).
     *
     * @throws IllegalArgumentException when {@code code} may not be sent ({@link CloseCodes#sendable})
     */
    public ByteBuffer close(int code, String reason) {
        if (code == CloseCodes.NO_STATUS) {
            return frame(WebSocketOpcode.CLOSE, ByteBuffer.allocate(0), true);
        }
        if (!CloseCodes.sendable(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent (RFC 6455 §7.4)");
        }
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        int length = utf8.length;
        if (length > MAX_CLOSE_REASON) {
            length = MAX_CLOSE_REASON;
            while ((utf8[length] & 0xC0) == 0x80) { // the first byte cut off continues a code point: cut before it
                length--;
            }
        }
        ByteBuffer payload = ByteBuffer.allocate(2 + length).putShort((short) code).put(utf8, 0, length).flip();
        return frame(WebSocketOpcode.CLOSE, payload, true);
    }

    private ByteBuffer write(int b0, ByteBuffer body) {
        int length = body.remaining();
        int lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8; // the minimal form (§5.2)
        ByteBuffer frame = ByteBuffer.allocate(2 + lengthBytes + (client ? 4 : 0) + length);
        frame.put((byte) b0);
        int maskBit = client ? 0x80 : 0;
        switch (lengthBytes) {
            case 0 -> frame.put((byte) (maskBit | length));
            case 2 -> frame.put((byte) (maskBit | 126)).putShort((short) length);
            default -> frame.put((byte) (maskBit | 127)).putLong(length);
        }
        if (!client) {
            return frame.put(body).flip();
        }
        byte[] key = new byte[4];
        MASKING_KEYS.nextBytes(key);
        frame.put(key);
        for (int i = 0, at = body.position(); i < length; i++) {
            frame.put((byte) (body.get(at + i) ^ key[i & 3]));
        }
        return frame.flip();
    }
}
