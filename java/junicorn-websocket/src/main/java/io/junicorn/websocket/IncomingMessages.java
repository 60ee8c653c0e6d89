package io.junicorn.websocket;

import io.junicorn.http.websocket.CloseCodes;
import io.junicorn.http.websocket.WebSocketDecoder;
import jakarta.websocket.PongMessage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The codec's messages to the session's handlers: parts go to a partial handler as they come; whole-message
 * handlers get the message once complete, gathered up to the session's buffer size (beyond it the session closes
 * with 1009, JSR 356 §2.1.5 and RFC 6455 §7.4.1). A message of a kind the endpoint has no handler for closes the
 * session with 1003, as Tomcat does. Runs on the session's reading thread only.
 */
final class IncomingMessages implements WebSocketDecoder.Receiver {
    private final WsSession session;
    /** The handler of the text or binary message in progress, chosen at its first frame. */
    private HandlerBinding textHandler;
    private HandlerBinding binaryHandler;
    private StringBuilder text;
    private ByteBuffer binary;

    IncomingMessages(WsSession session) {
        this.session = session;
    }

    @Override
    public void text(CharSequence part, boolean last) throws IOException {
        if (textHandler == null) {
            textHandler = handler(HandlerBinding.Kind.TEXT, "text");
        }
        HandlerBinding handler = textHandler;
        if (last) {
            textHandler = null;
        }
        if (!session.isOpen()) {
            text = null; // our close frame is sent: what still arrives is dropped
            return;
        }
        if (handler.partial()) {
            session.deliverPart(handler, part.toString(), last);
            return;
        }
        int limit = session.getMaxTextMessageBufferSize();
        int length = (text == null ? 0 : text.length()) + part.length();
        if (length > limit) {
            text = null;
            throw new CloseNow(CloseCodes.TOO_BIG, "a text message longer than " + limit + " characters");
        }
        if (last && text == null) {
            session.deliver(handler, part.toString());
            return;
        }
        if (text == null) {
            text = new StringBuilder();
        }
        text.append(part);
        if (last) {
            String message = text.toString();
            text = null;
            session.deliver(handler, message);
        }
    }

    @Override
    public void binary(ByteBuffer part, boolean last) throws IOException {
        if (binaryHandler == null) {
            binaryHandler = handler(HandlerBinding.Kind.BINARY, "binary");
        }
        HandlerBinding handler = binaryHandler;
        if (last) {
            binaryHandler = null;
        }
        if (!session.isOpen()) {
            binary = null;
            return;
        }
        if (handler.partial()) {
            // the codec's buffer is only valid during this call; a handler may keep what it is given
            session.deliverPart(handler, copy(part, part.remaining()), last);
            return;
        }
        int limit = session.getMaxBinaryMessageBufferSize();
        long length = (long) (binary == null ? 0 : binary.position()) + part.remaining();
        if (length > limit) {
            binary = null;
            throw new CloseNow(CloseCodes.TOO_BIG, "a binary message longer than " + limit + " bytes");
        }
        if (binary == null) {
            binary = ByteBuffer.allocate(Math.max(part.remaining(), Math.min(limit, 8192)));
        } else if (binary.remaining() < part.remaining()) {
            ByteBuffer grown = ByteBuffer.allocate((int) Math.min(limit, Math.max(length, 2L * binary.capacity())));
            grown.put(binary.flip());
            binary = grown;
        }
        binary.put(part);
        if (last) {
            ByteBuffer message = binary.flip();
            binary = null;
            session.deliver(handler, message);
        }
    }

    @Override
    public void ping(ByteBuffer payload) throws IOException {
        session.answerPing(payload);
    }

    @Override
    public void pong(ByteBuffer payload) {
        HandlerBinding handler = session.handler(HandlerBinding.Kind.PONG);
        if (handler != null && session.isOpen()) {
            ByteBuffer data = copy(payload, payload.remaining()).asReadOnlyBuffer();
            PongMessage pong = data::duplicate;
            session.deliver(handler, pong);
        }
    }

    @Override
    public void close(int code, String reason) throws IOException {
        session.peerClosed(code, reason);
    }

    private HandlerBinding handler(HandlerBinding.Kind kind, String what) throws CloseNow {
        HandlerBinding handler = session.handler(kind);
        if (handler == null) {
            throw new CloseNow(CloseCodes.UNSUPPORTED_DATA, "this endpoint takes no " + what + " messages");
        }
        return handler;
    }

    private static ByteBuffer copy(ByteBuffer source, int length) {
        ByteBuffer copy = ByteBuffer.allocate(length);
        copy.put(source.duplicate()).flip();
        return copy;
    }
}
