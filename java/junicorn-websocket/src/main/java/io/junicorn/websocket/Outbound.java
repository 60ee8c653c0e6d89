package io.junicorn.websocket;

import io.junicorn.engine.UpgradedConnection;
import io.junicorn.http.websocket.WebSocketEncoder;
import io.junicorn.http.websocket.WebSocketOpcode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything a session writes, one frame at a time under one lock (the codec's encoder and the connection take
 * one writer at a time): messages whole or in parts, pings and pongs, and the close frame, after which nothing
 * else goes out. A ReentrantLock, not synchronized, so a virtual thread waiting to write never pins its carrier.
 */
final class Outbound {
    private final UpgradedConnection connection;
    private final WebSocketEncoder encoder;
    private final ReentrantLock lock = new ReentrantLock();
    private final Runnable activity;
    /** The opcode of the message being sent in parts (TEXT or BINARY), or null between messages. */
    private WebSocketOpcode partial;
    /** A high surrogate a partial text ended with, sent with the next part so no code point is split. */
    private char pendingHighSurrogate;
    private boolean closeSent;

    /** @param activity called after each write: the session's idle clock */
    Outbound(UpgradedConnection connection, WebSocketEncoder encoder, Runnable activity) {
        this.connection = connection;
        this.encoder = encoder;
        this.activity = activity;
    }

    void text(String text, boolean last) throws IOException {
        lock.lock();
        try {
            WebSocketOpcode opcode = begin(WebSocketOpcode.TEXT);
            String part = pendingHighSurrogate != 0 ? pendingHighSurrogate + text : text;
            pendingHighSurrogate = 0;
            if (!last && !part.isEmpty() && Character.isHighSurrogate(part.charAt(part.length() - 1))) {
                pendingHighSurrogate = part.charAt(part.length() - 1);
                part = part.substring(0, part.length() - 1);
            }
            write(opcode, utf8(part), last);
        } finally {
            lock.unlock();
        }
    }

    void binary(ByteBuffer data, boolean last) throws IOException {
        lock.lock();
        try {
            write(begin(WebSocketOpcode.BINARY), data, last);
        } finally {
            lock.unlock();
        }
    }

    void control(WebSocketOpcode opcode, ByteBuffer payload) throws IOException {
        if (payload != null && payload.remaining() > 125) {
            throw new IllegalArgumentException("a " + opcode + " payload is at most 125 bytes (RFC 6455 §5.5), not "
                    + payload.remaining());
        }
        lock.lock();
        try {
            requireOpen();
            connection.write(encoder.frame(opcode, payload == null ? ByteBuffer.allocate(0) : payload.duplicate(), true));
            activity.run();
        } finally {
            lock.unlock();
        }
    }

    /** Sends the close frame unless one was sent: true if this call sent it. */
    boolean close(int code, String reason) throws IOException {
        lock.lock();
        try {
            if (closeSent) {
                return false;
            }
            closeSent = true;
            connection.write(encoder.close(code, reason));
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean closeSent() {
        lock.lock();
        try {
            return closeSent;
        } finally {
            lock.unlock();
        }
    }

    /** The opcode of the next frame of a message of this type; a message of the other type may not be in parts. */
    private WebSocketOpcode begin(WebSocketOpcode type) {
        requireOpen();
        if (partial == null) {
            return type;
        }
        if (partial != type) {
            throw new IllegalStateException("a " + partial + " message is being sent in parts: finish it (last = true)"
                    + " before sending a " + type + " message");
        }
        return WebSocketOpcode.CONTINUATION;
    }

    private void write(WebSocketOpcode opcode, ByteBuffer payload, boolean last) throws IOException {
        connection.write(encoder.frame(opcode, payload, last));
        partial = last ? null : opcode == WebSocketOpcode.CONTINUATION ? partial : opcode;
        activity.run();
    }

    private void requireOpen() {
        if (closeSent) {
            throw new IllegalStateException("the WebSocket session is closed: its close frame was sent");
        }
    }

    /** Strict UTF-8: a lone surrogate is the application's error, not a '?' on the wire. */
    private static ByteBuffer utf8(String text) {
        CharsetEncoder strict = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return strict.encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the text is not valid UTF-16 (a lone surrogate): " + e, e);
        }
    }
}
