package io.junicorn.worker.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

/**
 * A connection's output that the socket did not take yet, flushed by its loop with gathering writes. Not
 * thread-safe: {@link LoopTransport} guards it with its lock.
 */
final class OutputQueue {
    /** Most buffers one gathering write takes. */
    private static final int GATHER = 64;

    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private long bytes;
    /** Bytes written since the last {@link #takeProgress}. */
    private long written;

    /** Copies what is left of {@code src} in: the caller's buffer is reused as soon as this returns. */
    void add(ByteBuffer src) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src).flip();
        buffers.addLast(copy);
        bytes += copy.remaining();
    }

    boolean isEmpty() {
        return buffers.isEmpty();
    }

    /** Queued bytes. */
    long bytes() {
        return bytes;
    }

    /** Writes as much as {@code channel} takes now. */
    void writeTo(GatheringByteChannel channel) throws IOException {
        while (!buffers.isEmpty()) {
            ByteBuffer[] batch = buffers.stream().limit(GATHER).toArray(ByteBuffer[]::new);
            long n = channel.write(batch);
            bytes -= n;
            written += n;
            while (!buffers.isEmpty() && !buffers.peekFirst().hasRemaining()) {
                buffers.pollFirst();
            }
            if (n == 0) {
                return;
            }
        }
    }

    /** Whether bytes left since the last call: a slow reader still reads. */
    boolean takeProgress() {
        boolean moved = written > 0;
        written = 0;
        return moved;
    }

    void clear() {
        buffers.clear();
        bytes = 0;
    }
}
