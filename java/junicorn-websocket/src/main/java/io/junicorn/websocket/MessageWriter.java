package io.junicorn.websocket;

import java.io.IOException;
import java.io.Writer;

/**
 * RemoteEndpoint.Basic.getSendWriter: one text message, sent as a fragment each time the buffer fills or flush()
 * is called, and its last fragment at close(). Outbound keeps a code point whole across fragments.
 */
final class MessageWriter extends Writer {
    private static final int FRAGMENT_CHARS = 8192;
    private final Outbound outbound;
    private final StringBuilder buffer = new StringBuilder();
    private boolean closed;

    MessageWriter(Outbound outbound) {
        this.outbound = outbound;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, chars.length);
        requireOpen();
        while (length > 0) {
            if (buffer.length() >= FRAGMENT_CHARS) {
                send(false);
            }
            int count = Math.min(length, FRAGMENT_CHARS - buffer.length());
            buffer.append(chars, offset, count);
            offset += count;
            length -= count;
        }
    }

    @Override
    public void flush() throws IOException {
        requireOpen();
        if (!buffer.isEmpty()) {
            send(false);
        }
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            send(true);
        }
    }

    private void send(boolean last) throws IOException {
        outbound.text(buffer.toString(), last);
        buffer.setLength(0);
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("the message writer is closed");
        }
    }
}
