package io.junicorn.websocket;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * RemoteEndpoint.Basic.getSendStream: one binary message, sent as a fragment each time the buffer fills or
 * flush() is called, and its last fragment at close().
 */
final class MessageOutputStream extends OutputStream {
    private static final int FRAGMENT_BYTES = 8192;
    private final Outbound outbound;
    private final ByteBuffer buffer = ByteBuffer.allocate(FRAGMENT_BYTES);
    private boolean closed;

    MessageOutputStream(Outbound outbound) {
        this.outbound = outbound;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        requireOpen();
        while (length > 0) {
            if (!buffer.hasRemaining()) {
                send(false);
            }
            int count = Math.min(length, buffer.remaining());
            buffer.put(bytes, offset, count);
            offset += count;
            length -= count;
        }
    }

    @Override
    public void flush() throws IOException {
        requireOpen();
        if (buffer.position() > 0) {
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
        buffer.flip();
        outbound.binary(buffer, last);
        buffer.clear();
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException("the message stream is closed");
        }
    }
}
