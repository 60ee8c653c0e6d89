package io.junicorn.http.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The incoming side of one connection: frames (RFC 6455 §5) to messages, from whatever bytes arrived, never a
 * socket. A frame's header is read when it has arrived whole (at most 14 bytes); its payload is delivered in
 * parts as it arrives, unmasked in place in the caller's buffer, so a message of any size needs no buffer
 * here (the caller bounds messages: 1009 is its to raise, from a {@link Receiver} method). Control frames
 * (at most 125 bytes) are gathered whole. Text is validated as UTF-8 across frames and reads; compressed
 * messages (permessage-deflate) are inflated in bounded parts.
 *
 * <p>Every violation throws a {@link WebSocketException} with its close code; the connection then ends and
 * this decoder is not used again. After the peer's close frame, further bytes are dropped unread (§5.5.1:
 * a peer sends nothing after it).
 *
 * <p>One reading thread; not thread-safe.
 */
public final class WebSocketDecoder {

    /** What the decoder found. A method may throw a {@link WebSocketException} (1009 for a message too big). */
    public interface Receiver {
        /**
         * Decoded UTF-8, never a split code point (nor a split surrogate pair); {@code last} at the message's
         * end, when the part may be empty. The part may be kept.
         */
        void text(CharSequence part, boolean last) throws IOException, WebSocketException;

        /** A part of a binary message; {@code last} at its end (the part may then be empty). Valid only during the call. */
        void binary(ByteBuffer part, boolean last) throws IOException, WebSocketException;

        /** A ping's payload (at most 125 bytes), to echo in a pong. The buffer may be kept. */
        void ping(ByteBuffer payload) throws IOException, WebSocketException;

        /** A pong's payload (at most 125 bytes). The buffer may be kept. */
        void pong(ByteBuffer payload) throws IOException, WebSocketException;

        /** The peer's close frame: code 1005 (NO_STATUS) when it carried none; reason "" then. */
        void close(int code, String reason) throws IOException, WebSocketException;
    }

    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int FIN = 0x80;
    private static final int RSV1 = 0x40;
    private static final int RSV2_RSV3 = 0x30;
    private static final int MASK = 0x80;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final boolean server;
    private final PerMessageDeflate deflate;
    private final Utf8Decoder text = new Utf8Decoder();

    // the frame being read: inPayload once its header is consumed
    private boolean inPayload;
    private boolean fin;
    private WebSocketOpcode opcode;
    private long remaining;
    private final byte[] maskKey = new byte[4];
    private boolean masked;
    private int maskAt; // payload bytes unmasked so far, mod 4
    private final byte[] control = new byte[MAX_CONTROL_PAYLOAD];
    private int controlLength;

    // the data message being read
    private boolean inMessage;
    private boolean textMessage;
    private boolean compressed;

    private boolean closed;

    /**
     * @param server  true: frames must be masked (a server reading a client), false: must not be (a client)
     * @param deflate the connection's permessage-deflate, or null when it was not negotiated (RSV1 is then
     *                refused)
     */
    public WebSocketDecoder(boolean server, PerMessageDeflate deflate) {
        this.server = server;
        this.deflate = deflate;
    }

    /**
     * Consumes every whole frame header and every payload byte available in {@code in}, delivering what they
     * complete to {@code receiver}; leaves an incomplete header in {@code in} (the caller compacts and reads
     * more). Payload bytes are unmasked in place.
     */
    public void decode(ByteBuffer in, Receiver receiver) throws WebSocketException, IOException {
        while (!closed) {
            if (!inPayload && !header(in)) {
                return;
            }
            if (!payload(in, receiver)) {
                return;
            }
        }
        in.position(in.limit());
    }

    /** Reads a frame header if it is all in {@code in}, checking every rule it alone can break. */
    private boolean header(ByteBuffer in) throws WebSocketException {
        int at = in.position();
        int available = in.remaining();
        if (available < 2) {
            return false;
        }
        int b0 = in.get(at) & 0xff;
        int b1 = in.get(at + 1) & 0xff;
        WebSocketOpcode op = check(b0, b1);
        int length7 = b1 & 0x7f;
        int lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        int headerLength = 2 + lengthBytes + ((b1 & MASK) != 0 ? 4 : 0);
        if (available < headerLength) {
            return false;
        }
        long length = length7;
        if (lengthBytes > 0) {
            length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = length << 8 | in.get(at + 2 + i) & 0xff;
            }
            if (length < 0) {
                throw protocolError("64-bit payload length with its most significant bit set (RFC 6455 §5.2)");
            }
            if (length < (lengthBytes == 2 ? 126 : 65_536)) {
                throw protocolError("payload length not in the minimal number of bytes (RFC 6455 §5.2)");
            }
        }
        masked = (b1 & MASK) != 0;
        if (masked) {
            in.get(at + 2 + lengthBytes, maskKey);
        }
        in.position(at + headerLength);
        start(op, (b0 & FIN) != 0, (b0 & RSV1) != 0, length);
        return true;
    }

    /** The rules of §5.2, §5.4, §5.5 and RFC 7692 §6 that the first two bytes break, in the order of the bits. */
    private WebSocketOpcode check(int b0, int b1) throws WebSocketException {
        if ((b0 & RSV2_RSV3) != 0) {
            throw protocolError("RSV2 or RSV3 set without an extension that defines it (RFC 6455 §5.2)");
        }
        WebSocketOpcode op = WebSocketOpcode.of(b0 & 0x0f);
        if (op == null) {
            throw protocolError("reserved opcode (RFC 6455 §5.2)");
        }
        if ((b0 & RSV1) != 0) {
            if (deflate == null) {
                throw protocolError("RSV1 set without permessage-deflate negotiated (RFC 6455 §5.2)");
            }
            if (op != WebSocketOpcode.TEXT && op != WebSocketOpcode.BINARY) {
                throw protocolError("RSV1 set on a " + op + " frame, not a message's first (RFC 7692 §6)");
            }
        }
        if (op.control()) {
            if ((b0 & FIN) == 0) {
                throw protocolError("fragmented control frame (RFC 6455 §5.5)");
            }
            if ((b1 & 0x7f) > MAX_CONTROL_PAYLOAD) {
                throw protocolError("control frame payload above 125 bytes (RFC 6455 §5.5)");
            }
        } else if (op == WebSocketOpcode.CONTINUATION) {
            if (!inMessage) {
                throw protocolError("continuation frame without a message to continue (RFC 6455 §5.4)");
            }
        } else if (inMessage) {
            throw protocolError(op + " frame inside a fragmented message (RFC 6455 §5.4)");
        }
        if (server && (b1 & MASK) == 0) {
            throw protocolError("unmasked frame from a client (RFC 6455 §5.1)");
        }
        if (!server && (b1 & MASK) != 0) {
            throw protocolError("masked frame from a server (RFC 6455 §5.1)");
        }
        return op;
    }

    private void start(WebSocketOpcode op, boolean fin, boolean rsv1, long length) {
        this.opcode = op;
        this.fin = fin;
        this.remaining = length;
        this.maskAt = 0;
        this.controlLength = 0;
        this.inPayload = true;
        if (op == WebSocketOpcode.TEXT || op == WebSocketOpcode.BINARY) {
            inMessage = true;
            textMessage = op == WebSocketOpcode.TEXT;
            compressed = rsv1;
        }
    }

    /** Delivers the payload bytes {@code in} has of the current frame; true when the frame is done. */
    private boolean payload(ByteBuffer in, Receiver receiver) throws WebSocketException, IOException {
        int at = in.position();
        int n = (int) Math.min(remaining, in.remaining());
        if (opcode.control()) {
            in.get(control, controlLength, n);
            unmask(ByteBuffer.wrap(control), controlLength, n);
            controlLength += n;
            remaining -= n;
            if (remaining > 0) {
                return false;
            }
            inPayload = false;
            control(receiver);
            return true;
        }
        unmask(in, at, n);
        ByteBuffer part = in.slice(at, n);
        in.position(at + n);
        remaining -= n;
        boolean frameDone = remaining == 0;
        boolean messageDone = frameDone && fin;
        if (frameDone) {
            inPayload = false;
        }
        if (messageDone) {
            inMessage = false;
        }
        if (compressed) {
            deflate.inflate(part, messageDone, chunk -> deliver(chunk, false, receiver));
            if (messageDone) {
                deliver(EMPTY.duplicate(), true, receiver);
            }
        } else {
            deliver(part, messageDone, receiver);
        }
        return frameDone;
    }

    private void deliver(ByteBuffer bytes, boolean last, Receiver receiver) throws IOException, WebSocketException {
        if (textMessage) {
            String part = text.decode(bytes, last);
            if (!part.isEmpty() || last) {
                receiver.text(part, last);
            }
        } else if (bytes.hasRemaining() || last) {
            receiver.binary(bytes, last);
        }
    }

    private void unmask(ByteBuffer buffer, int at, int n) {
        if (!masked) {
            return;
        }
        for (int i = 0; i < n; i++) {
            buffer.put(at + i, (byte) (buffer.get(at + i) ^ maskKey[(maskAt + i) & 3]));
        }
        maskAt = (maskAt + n) & 3;
    }

    private void control(Receiver receiver) throws WebSocketException, IOException {
        ByteBuffer payload = ByteBuffer.wrap(Arrays.copyOf(control, controlLength));
        switch (opcode) {
            case PING -> receiver.ping(payload);
            case PONG -> receiver.pong(payload);
            default -> close(payload, receiver);
        }
    }

    private void close(ByteBuffer payload, Receiver receiver) throws WebSocketException, IOException {
        closed = true;
        if (controlLength == 0) {
            receiver.close(CloseCodes.NO_STATUS, "");
            return;
        }
        if (controlLength == 1) {
            throw protocolError("close frame with a 1-byte payload (RFC 6455 §5.5.1)");
        }
        int code = (payload.get() & 0xff) << 8 | payload.get() & 0xff;
        if (!CloseCodes.sendable(code)) {
            throw protocolError("close frame with code " + code + ", which no endpoint may send (RFC 6455 §7.4)");
        }
        receiver.close(code, new Utf8Decoder().decode(payload, true));
    }

    private static WebSocketException protocolError(String reason) {
        return new WebSocketException(CloseCodes.PROTOCOL_ERROR, reason);
    }
}
