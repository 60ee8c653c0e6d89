package io.junicorn.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A plain {@code SocketChannel} as a {@link Transport}: reads go to the channel untimed and
 * {@link ReadDeadlines} closes a channel whose read waits too long (see {@link ConnectionIo.TimedReads}).
 * A connection served by {@link Http1Connection#serveAvailable} arrives in non-blocking mode (it came from
 * a selector) and goes back to one: {@link #readNow} reads without waiting, every other read and write
 * switches the channel to blocking first, and {@link #awaitInSelector} prepares it for the selector.
 */
final class ChannelTransport implements Transport {
    private final SocketChannel channel;
    /** Every read of this connection, with its deadline. */
    private final ConnectionIo.TimedReads reads;
    /** Reads ahead for an upgraded connection's timed reads, once one asked for; set by the reading thread. */
    private volatile ReadAhead readAhead;
    /** Whether the channel is in non-blocking mode now; only the connection's thread switches it. */
    private boolean nonBlocking;

    ChannelTransport(SocketChannel channel) {
        this.channel = channel;
        this.nonBlocking = !channel.isBlocking();
        this.reads = new ConnectionIo.TimedReads(channel);
    }

    @Override
    public int read(ByteBuffer dst, int timeoutMillis) throws IOException {
        blocking();
        return reads.read(dst, timeoutMillis);
    }

    /**
     * Untimed reads go to the channel. A timed read cannot: the only way to end a blocking read is to close the
     * channel (ReadDeadlines does that to HTTP reads), and a unix-domain channel has no SO_TIMEOUT. So from the
     * first timed read on, a {@link ReadAhead} thread reads and this read waits for it with its deadline.
     */
    @Override
    public int readKeepingOpen(ByteBuffer dst, int timeoutMillis) throws IOException {
        if (readAhead == null && timeoutMillis <= 0) {
            return read(dst, 0);
        }
        if (readAhead == null) {
            blocking();
            readAhead = new ReadAhead(channel);
        }
        return readAhead.read(dst, timeoutMillis);
    }

    @Override
    public int readNow(ByteBuffer dst) throws IOException {
        awaitInSelector();
        return channel.read(dst);
    }

    @Override
    public void write(ByteBuffer src, boolean moreFollows) throws IOException {
        blocking();
        while (src.hasRemaining()) {
            channel.write(src);
        }
    }

    /** Straight to the channel, whose writes exclude each other, in whatever mode the connection left it. */
    @Override
    public void writeAndShutdown(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            channel.write(src);
        }
        channel.shutdownOutput();
    }

    @Override
    public void awaitInSelector() throws IOException {
        if (!nonBlocking) {
            channel.configureBlocking(false);
            nonBlocking = true;
        }
    }

    private void blocking() throws IOException {
        if (nonBlocking) {
            channel.configureBlocking(true);
            nonBlocking = false;
        }
    }

    @Override
    public void closeGracefully(int lingerMillis, int maxBytes) {
        try {
            channel.shutdownOutput();
            long deadline = System.nanoTime() + lingerMillis * 1_000_000L;
            ByteBuffer scratch = ByteBuffer.allocate(Math.min(maxBytes, ConnectionIo.READ_BUFFER));
            int discarded = 0;
            while (discarded < maxBytes) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                scratch.clear();
                int n = read(scratch, (int) left);
                if (n < 0) {
                    break;
                }
                discarded += n;
            }
        } catch (IOException e) {
            // the peer is gone or slow: nothing more to protect
        } finally {
            close();
        }
    }

    /** The same as close: nothing is queued here. */
    @Override
    public void abort() {
        close();
    }

    @Override
    public void close() {
        ReadDeadlines.deregister(reads);
        ReadAhead ahead = readAhead;
        if (ahead != null) {
            ahead.close();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do about a failed close
        }
    }
}
