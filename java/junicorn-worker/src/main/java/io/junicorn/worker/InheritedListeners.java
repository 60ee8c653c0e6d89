package io.junicorn.worker;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The listening sockets the master bound and the worker inherited: the first at fd 0, where
 * {@link System#inheritedChannel()} (public API, inetd-style) adopts it; further ones at fds 4, 5, ...
 * The JDK offers no public way to adopt a second inherited socket, so those go through the same
 * constructor inheritedChannel() uses, opened with --add-opens java.base/sun.nio.ch by the master.
 * See docs/design.md, "Listeners".
 *
 * <p>Workers never close these channels: closing an inherited channel makes the JDK point fds 0, 1 and 2
 * at /dev/null (inetd style), which would silence the worker's error log. They close when the worker
 * exits; the master's copy keeps the listen queue alive meanwhile.
 */
final class InheritedListeners {
    static final int FIRST_EXTRA_FD = 4;

    private InheritedListeners() {
    }

    static List<ServerSocketChannel> adopt(int count) throws IOException {
        List<ServerSocketChannel> listeners = new ArrayList<>(count);
        Channel first = System.inheritedChannel();
        if (!(first instanceof ServerSocketChannel server)) {
            throw new IOException("fd 0 is not a listening socket (got " + first + ")");
        }
        listeners.add(server);
        for (int i = 1; i < count; i++) {
            listeners.add(adoptFd(FIRST_EXTRA_FD + i - 1));
        }
        return listeners;
    }

    private static ServerSocketChannel adoptFd(int fd) throws IOException {
        try {
            Class<?> io = Class.forName("sun.nio.ch.IOUtil");
            Method newFd = io.getDeclaredMethod("newFD", int.class);
            FileDescriptor descriptor = (FileDescriptor) newFd.invoke(null, fd);
            Class<?> impl = Class.forName("sun.nio.ch.InheritedChannel$InheritedServerSocketChannelImpl");
            Constructor<?> constructor = impl.getDeclaredConstructor(
                    SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class);
            constructor.setAccessible(true);
            ProtocolFamily family = isUnixSocket(fd) ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET6;
            return (ServerSocketChannel) constructor.newInstance(SelectorProvider.provider(), family, descriptor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot adopt the inherited listener at fd " + fd
                    + " (this JDK's sun.nio.ch differs from 21-25's): " + e, e);
        }
    }

    /** The constructor needs the family; /proc tells it without a syscall binding. */
    private static boolean isUnixSocket(int fd) throws IOException {
        String inode = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString();
        if (!inode.startsWith("socket:[")) {
            throw new IOException("fd " + fd + " is not a socket: " + inode);
        }
        String number = inode.substring("socket:[".length(), inode.length() - 1);
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/unix"))) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 6 && columns[6].equals(number)) {
                return true;
            }
        }
        return false;
    }
}
