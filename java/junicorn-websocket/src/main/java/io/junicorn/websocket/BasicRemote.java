package io.junicorn.websocket;

import io.junicorn.http.websocket.WebSocketOpcode;
import jakarta.websocket.EncodeException;
import jakarta.websocket.RemoteEndpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;

/**
 * Blocking sends: each returns once its frames are written to the connection. Batching is never done (JSR 356
 * §2.1.4 lets a container not batch): setBatchingAllowed(true) is remembered, and every message still goes out at
 * once, so flushBatch has nothing to do.
 */
class BasicRemote implements RemoteEndpoint.Basic {
    final WsSession session;
    final Outbound outbound;
    private volatile boolean batchingAllowed;

    BasicRemote(WsSession session, Outbound outbound) {
        this.session = session;
        this.outbound = outbound;
    }

    @Override
    public void sendText(String text) throws IOException {
        outbound.text(required(text, "text"), true);
    }

    @Override
    public void sendBinary(ByteBuffer data) throws IOException {
        outbound.binary(required(data, "data"), true);
    }

    @Override
    public void sendText(String partialMessage, boolean isLast) throws IOException {
        outbound.text(required(partialMessage, "partialMessage"), isLast);
    }

    @Override
    public void sendBinary(ByteBuffer partialByte, boolean isLast) throws IOException {
        outbound.binary(required(partialByte, "partialByte"), isLast);
    }

    @Override
    public OutputStream getSendStream() {
        return new MessageOutputStream(outbound);
    }

    @Override
    public Writer getSendWriter() {
        return new MessageWriter(outbound);
    }

    @Override
    public void sendObject(Object data) throws IOException, EncodeException {
        Object encoded = session.coders().encode(required(data, "data"));
        if (encoded instanceof String text) {
            outbound.text(text, true);
        } else {
            outbound.binary((ByteBuffer) encoded, true);
        }
    }

    @Override
    public void setBatchingAllowed(boolean allowed) {
        batchingAllowed = allowed;
    }

    @Override
    public boolean getBatchingAllowed() {
        return batchingAllowed;
    }

    @Override
    public void flushBatch() {
    }

    @Override
    public void sendPing(ByteBuffer applicationData) throws IOException {
        outbound.control(WebSocketOpcode.PING, applicationData);
    }

    @Override
    public void sendPong(ByteBuffer applicationData) throws IOException {
        outbound.control(WebSocketOpcode.PONG, applicationData);
    }

    static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        return value;
    }
}
