package io.junicorn.common;

/**
 * Layout of one worker's slot in the heartbeat region, a memfd the master creates and every worker maps.
 * The C side (JN_HEARTBEAT_SLOT_SIZE in native/include/junicorn.h) agrees on the size. A slot is one cache line so that
 * workers writing their own slots never contend on the same line.
 */
public final class Heartbeat {
    public static final int SLOT_SIZE = 64;
    /** Slots in the region; bounds workers alive at once, counting a reload's two generations. */
    public static final int SLOTS = 1024;

    /** int64: CLOCK_MONOTONIC in milliseconds at the worker's last tick (System.nanoTime() / 1e6). */
    public static final int TICK_MS = 0;
    /** int32: a {@link WorkerState} code. */
    public static final int STATE = 8;
    /** int32: the worker's pid, written once it runs Java code. */
    public static final int PID = 12;
    /** int64: requests served so far. */
    public static final int REQUESTS = 16;
    /** int64: connections open right now. */
    public static final int CONNECTIONS = 24;

    private Heartbeat() {
    }
}
