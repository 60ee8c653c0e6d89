package io.junicorn.common;

import java.io.Closeable;
import java.io.IOException;

/**
 * A socket sending datagrams to a unix socket path: statsd_host and syslog_addr as {@code unix://PATH}, as gunicorn
 * takes them. The JDK's unix-domain channels are stream-only, so each process installs its natives at start:
 * libjunicorn through JNA in the master, the natives the launcher registers in a worker. Sends never block: a full
 * queue at the receiver drops the datagram, as UDP would.
 */
public final class UnixDatagramSocket implements Closeable {
    /** libjunicorn's jn_unix_dgram_open, jn_unix_dgram_send and jn_close, failures as exceptions with its message. */
    public interface Natives {
        int open() throws IOException;

        /** True when sent, false when the receiver's queue is full and the datagram was dropped. */
        boolean send(int fd, String path, byte[] data, int length) throws IOException;

        void close(int fd) throws IOException;
    }

    private static volatile Natives natives;

    private final Natives calls;
    private final String path;
    private final int fd;

    private UnixDatagramSocket(Natives calls, String path, int fd) {
        this.calls = calls;
        this.path = path;
        this.fd = fd;
    }

    /** Called once by the master's and each worker's main, before the logging setup may need a socket. */
    public static void install(Natives processNatives) {
        natives = processNatives;
    }

    public static UnixDatagramSocket open(String path) throws IOException {
        Natives calls = natives;
        if (calls == null) {
            throw new IOException("unix datagram sockets need libjunicorn, which this process has not loaded");
        }
        return new UnixDatagramSocket(calls, path, calls.open());
    }

    public String path() {
        return path;
    }

    /** One datagram of data's first length bytes; false when the receiver's queue was full and it was dropped. */
    public boolean send(byte[] data, int length) throws IOException {
        return calls.send(fd, path, data, length);
    }

    @Override
    public void close() throws IOException {
        calls.close(fd);
    }
}
