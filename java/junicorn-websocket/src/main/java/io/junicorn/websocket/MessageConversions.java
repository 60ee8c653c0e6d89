package io.junicorn.websocket;

import jakarta.websocket.DecodeException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;

/**
 * A whole message as the type its handler takes. Reader and InputStream handlers get the message once it is
 * whole (as Tomcat does), so the buffer size limits apply to them too.
 */
final class MessageConversions {
    private MessageConversions() {
    }

    static Object text(String message, Class<?> type, Coders coders) throws DecodeException, IOException {
        if (type == String.class) {
            return message;
        }
        if (type == Reader.class) {
            return new StringReader(message);
        }
        if (TextConversions.converts(type)) {
            return TextConversions.fromText(message, type);
        }
        return coders.decodeText(message, type);
    }

    static Object binary(ByteBuffer message, Class<?> type, Coders coders) throws DecodeException, IOException {
        if (type == ByteBuffer.class) {
            return message;
        }
        if (type == byte[].class) {
            return bytes(message);
        }
        if (type == InputStream.class) {
            return new ByteArrayInputStream(bytes(message));
        }
        return coders.decodeBinary(message, type);
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
