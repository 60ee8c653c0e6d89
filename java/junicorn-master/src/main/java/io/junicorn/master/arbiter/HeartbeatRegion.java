package io.junicorn.master.arbiter;

import com.sun.jna.Pointer;
import io.junicorn.common.Heartbeat;
import io.junicorn.common.WorkerState;
import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;

import java.util.BitSet;

/**
 * The master's side of the heartbeat memfd: one slot per live worker, handed out at spawn and taken back at
 * reap. The fd is passed to each worker as its fd 3; the worker maps only its own slot.
 */
final class HeartbeatRegion {
    private final int fd;
    private final Pointer region;
    private final BitSet used = new BitSet(Heartbeat.SLOTS);

    HeartbeatRegion(Os os) throws NativeException {
        this.fd = os.createHeartbeat(Heartbeat.SLOTS);
        this.region = os.mapHeartbeat(fd, Heartbeat.SLOTS);
    }

    int fd() {
        return fd;
    }

    /** A zeroed slot (state BOOTING, tick 0) for a new worker. */
    int allocate() {
        int slot = used.nextClearBit(0);
        if (slot >= Heartbeat.SLOTS) {
            throw new IllegalStateException("all " + Heartbeat.SLOTS + " heartbeat slots are in use");
        }
        used.set(slot);
        region.setMemory((long) slot * Heartbeat.SLOT_SIZE, Heartbeat.SLOT_SIZE, (byte) 0);
        return slot;
    }

    void release(int slot) {
        used.clear(slot);
    }

    long tickMillis(int slot) {
        return region.getLong(offset(slot) + Heartbeat.TICK_MS);
    }

    WorkerState state(int slot) {
        return WorkerState.ofCode(region.getInt(offset(slot) + Heartbeat.STATE));
    }

    long requests(int slot) {
        return region.getLong(offset(slot) + Heartbeat.REQUESTS);
    }

    private static long offset(int slot) {
        return (long) slot * Heartbeat.SLOT_SIZE;
    }
}
