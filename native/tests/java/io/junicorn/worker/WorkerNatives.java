package io.junicorn.worker;

import java.nio.ByteBuffer;

/** Same declarations as the worker's WorkerNatives; the launcher registers them. */
public final class WorkerNatives {
    public static native ByteBuffer heartbeatSlot();

    public static native int waitSignal(int timeoutMs);

    public static native int parentPid();
}
