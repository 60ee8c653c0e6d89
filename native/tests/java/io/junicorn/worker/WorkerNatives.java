package io.junicorn.worker;

import java.nio.ByteBuffer;

/** Same declarations as the worker's WorkerNatives; the launcher registers them. */
public final class WorkerNatives {
    public static native ByteBuffer heartbeatSlot();

    public static native int waitSignal(int timeoutMs);

    public static native int parentPid();

    public static native int unixDatagramOpen() throws java.io.IOException;

    public static native int unixDatagramSend(int fd, String path, byte[] data, int length) throws java.io.IOException;

    public static native void unixDatagramClose(int fd) throws java.io.IOException;
}
