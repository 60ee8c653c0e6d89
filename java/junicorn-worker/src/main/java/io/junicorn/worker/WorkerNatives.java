package io.junicorn.worker;

import io.junicorn.common.UnixDatagramSocket;

import java.io.IOException;
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

    /** libjunicorn's jn_unix_dgram_open: StatsD and syslog at unix://PATH (the JDK has no unix datagrams). */
    static native int unixDatagramOpen() throws IOException;

    /** 1 sent, 0 dropped because the receiver's queue is full. */
    static native int unixDatagramSend(int fd, String path, byte[] data, int length) throws IOException;

    static native void unixDatagramClose(int fd) throws IOException;

    /** The calls above, for the code shared with the master. */
    static final UnixDatagramSocket.Natives UNIX_DATAGRAMS = new UnixDatagramSocket.Natives() {
        @Override
        public int open() throws IOException {
            return unixDatagramOpen();
        }

        @Override
        public boolean send(int fd, String path, byte[] data, int length) throws IOException {
            return unixDatagramSend(fd, path, data, length) == 1;
        }

        @Override
        public void close(int fd) throws IOException {
            unixDatagramClose(fd);
        }
    };

    private WorkerNatives() {
    }
}
