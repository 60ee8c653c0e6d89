package io.junicorn.websocket;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;

import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;

/**
 * A message handler with the messages it takes (JSR 356 §2.1.3, §5.2): text (String, Reader, a primitive or its
 * box, or a type a text decoder makes; in parts only String), binary (ByteBuffer, byte[], InputStream, or a type a
 * binary decoder makes; in parts ByteBuffer or byte[]) or pongs (PongMessage). A session holds at most one of each
 * kind.
 */
record HandlerBinding(Kind kind, boolean partial, Class<?> type, MessageHandler handler) {
    enum Kind { TEXT, BINARY, PONG }

    /**
     * @param type the handler's message type
     * @throws DeploymentException naming the type when no message kind carries it
     */
    static HandlerBinding of(Class<?> type, boolean partial, MessageHandler handler, EndpointConfig config)
            throws DeploymentException {
        Kind kind = kind(type, partial, config);
        if (kind == null) {
            throw new DeploymentException(partial
                    ? "a partial message handler takes String, ByteBuffer or byte[], not " + type.getName()
                    : "no message of this endpoint can be a " + type.getName() + ": it is not String, Reader, a"
                    + " primitive, ByteBuffer, byte[], InputStream or PongMessage, and no decoder of the endpoint"
                    + " makes it");
        }
        return new HandlerBinding(kind, partial, type, handler);
    }

    static Kind kind(Class<?> type, boolean partial, EndpointConfig config) throws DeploymentException {
        if (partial) {
            if (type == String.class) {
                return Kind.TEXT;
            }
            return type == ByteBuffer.class || type == byte[].class ? Kind.BINARY : null;
        }
        if (type == String.class || type == Reader.class || TextConversions.converts(type)) {
            return Kind.TEXT;
        }
        if (type == ByteBuffer.class || type == byte[].class || type == InputStream.class) {
            return Kind.BINARY;
        }
        if (type == PongMessage.class) {
            return Kind.PONG;
        }
        Boolean text = Coders.decodesFromText(config.getDecoders(), type);
        return text == null ? null : text ? Kind.TEXT : Kind.BINARY;
    }
}
