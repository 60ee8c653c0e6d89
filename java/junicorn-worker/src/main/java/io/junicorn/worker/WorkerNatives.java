package io.junicorn.worker;

import java.nio.ByteBuffer;

/**
 * Natives the launcher registers (RegisterNatives) before it calls {@link WorkerMain}. Registered natives
 * cost nothing at start-up and draw no JEP 472 warning, unlike JNA or FFM, which the worker does not load.
 */
final class WorkerNatives {
    /** This worker's 64-byte slot of the master's heartbeat region. */
    static native ByteBuffer heartbeatSlot();

    /**
     * Waits for one of the signals the launcher blocked (TERM INT QUIT USR1 USR2 HUP WINCH TTIN TTOU CHLD
     * ABRT). Returns the signal number, 0 on timeout, or -errno.
     */
    static native int waitSignal(int timeoutMillis);

    static native int parentPid();

    private WorkerNatives() {
    }
}
