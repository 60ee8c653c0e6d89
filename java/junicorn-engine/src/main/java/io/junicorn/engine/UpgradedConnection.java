package io.junicorn.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A connection after its 101 (Switching Protocols): the bytes both ways, no HTTP any more. What a protocol
 * such as WebSocket, or a Servlet {@code HttpUpgradeHandler}, gets from {@link ConnectionUpgrade}. It counts
 * against --worker-connections until it is closed, by {@link #closeGracefully()}, {@link #abort()}, a failed
 * read or write (the peer is gone), or the worker once its graceful stop is over.
 */
public interface UpgradedConnection {
    /**
     * Reads at least one byte, parking (never pinning a platform thread on virtual or nio): count, or -1 at EOF.
     * Bytes the HTTP/1.1 reader had already buffered past the upgrade request come first.
     *
     * @param timeoutMillis longest wait; 0 waits for ever
     * @throws java.net.SocketTimeoutException after timeoutMillis; the connection stays open
     */
    int read(ByteBuffer dst, int timeoutMillis) throws IOException;

    /** Writes all of srcs; from any thread, one write at a time (the writes of two threads never interleave). */
    void write(ByteBuffer... srcs) throws IOException;

    /** FIN after what was written, read-and-drop briefly, close (a WebSocket's end after the close handshake). */
    void closeGracefully();

    /** Closes now, from any thread. */
    void abort();

    /**
     * Runs once, on some worker thread, when the worker begins to retire (HUP, USR2's old generation, TTOU,
     * max-requests, TERM); at once, on the calling thread, if it already has. The protocol says goodbye
     * (WebSocket: close 1001). The worker aborts connections still open when --graceful-timeout ends. Each goodbye
     * runs at most once; a later call replaces one that has not run.
     */
    void onGoingAway(Runnable goodbye);

    /** The client: as a trusted proxy reported it (X-Forwarded-For, PROXY protocol), else the peer. */
    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** Whether the upgrade request's scheme was https: TLS to junicorn, or to a trusted proxy that said so. */
    boolean secure();
}
