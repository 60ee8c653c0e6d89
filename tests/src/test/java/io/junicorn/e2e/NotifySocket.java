package io.junicorn.e2e;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What systemd is for a Type=notify service: a unix datagram socket the test binds, whose path goes to the master
 * as NOTIFY_SOCKET; also a StatsD server or syslog daemon at unix://PATH. The JDK has no unix datagram sockets,
 * so this calls libc through JNA.
 */
final class NotifySocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final short POLLIN = 1;

    private static final class LibC {
        static {
            Native.register("c");
        }

        static native int socket(int domain, int type, int protocol) throws LastErrorException;

        static native int bind(int fd, byte[] address, int length) throws LastErrorException;

        static native int poll(short[] pollfd, long count, int timeoutMillis) throws LastErrorException;

        static native long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;
    }

    private final int fd;
    private final Path directory;
    final Path path;

    NotifySocket() throws Exception {
        directory = Files.createTempDirectory("junicorn-notify-");
        path = directory.resolve("notify");
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        byte[] address = new byte[2 + name.length + 1]; // struct sockaddr_un: sun_family (host order), sun_path
        address[0] = AF_UNIX;
        System.arraycopy(name, 0, address, 2, name.length);
        fd = LibC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        LibC.bind(fd, address, address.length);
    }

    /** The next datagram, or a failure after the timeout. */
    String receive(Duration timeout) {
        // struct pollfd { int fd; short events; short revents; } as four shorts, little-endian
        short[] pollfd = {(short) fd, (short) (fd >>> 16), POLLIN, 0};
        if (LibC.poll(pollfd, 1, (int) timeout.toMillis()) != 1) {
            throw new AssertionError("no datagram at " + path + " within " + timeout);
        }
        byte[] buffer = new byte[4096];
        long length = LibC.recv(fd, buffer, buffer.length, 0);
        return new String(buffer, 0, (int) length, StandardCharsets.UTF_8);
    }

    /** Datagrams until one starts with prefix (STATUS= lines come between the states); returns that one. */
    String receiveUntil(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String message = receive(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (message.startsWith(prefix)) {
                return message;
            }
        }
    }

    @Override
    public void close() throws Exception {
        LibC.close(fd);
        Files.deleteIfExists(path);
        Files.deleteIfExists(directory);
    }
}
