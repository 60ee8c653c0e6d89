package io.junicorn.worker;

import io.junicorn.common.Heartbeat;
import io.junicorn.common.WorkerState;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The worker's side of its heartbeat slot. The master reads the slot from another process, so every
 * write is a release store: the master never sees a state without the tick that came with it.
 */
final class HeartbeatSlot {
    private static final VarHandle LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT =
            MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final ByteBuffer slot;

    HeartbeatSlot(ByteBuffer slot) {
        if (slot.capacity() < Heartbeat.SLOT_SIZE) {
            throw new IllegalArgumentException("heartbeat slot of " + slot.capacity() + " bytes");
        }
        this.slot = slot;
    }

    /** Tells the master this worker's loop is alive; System.nanoTime is CLOCK_MONOTONIC, as in the master. */
    void tick() {
        LONG.setRelease(slot, Heartbeat.TICK_MS, System.nanoTime() / 1_000_000L);
    }

    void state(WorkerState state) {
        tick();
        INT.setRelease(slot, Heartbeat.STATE, state.code);
    }

    void pid(long pid) {
        INT.setRelease(slot, Heartbeat.PID, (int) pid);
    }

    void requests(long served) {
        LONG.setRelease(slot, Heartbeat.REQUESTS, served);
    }

    void connections(long open) {
        LONG.setRelease(slot, Heartbeat.CONNECTIONS, open);
    }
}
