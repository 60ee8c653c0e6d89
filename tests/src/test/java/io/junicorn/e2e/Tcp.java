package io.junicorn.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Reads the kernel's socket table, so a test can wait for a server to have read a request instead of sleeping. */
final class Tcp {
    private Tcp() {
    }

    /** Waits until the server's end of this loopback connection has no unread bytes: the request was read. */
    static void awaitServerRead(Socket client, Duration timeout) {
        String serverEnd = String.format("%08X:%04X", 0x0100007F, client.getPort());
        String clientEnd = String.format("%08X:%04X", 0x0100007F, client.getLocalPort());
        Junicorn.await("the server to read the request", timeout, () -> {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 4 && fields[1].equals(serverEnd) && fields[2].equals(clientEnd)) {
                        return fields[4].endsWith(":00000000");
                    }
                }
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Like {@link #awaitServerRead} for many connections at once, reading the socket table once per look. */
    static void awaitServerReadAll(java.util.List<Socket> clients, Duration timeout) {
        java.util.Set<String> pending = new java.util.HashSet<>();
        for (Socket client : clients) {
            pending.add(String.format("%08X:%04X %08X:%04X", 0x0100007F, client.getPort(), 0x0100007F,
                    client.getLocalPort()));
        }
        Junicorn.await(pending.size() + " requests read by the server", timeout, () -> {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 4 && fields[4].endsWith(":00000000")) {
                        pending.remove(fields[1] + " " + fields[2]);
                    }
                }
                return pending.isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
