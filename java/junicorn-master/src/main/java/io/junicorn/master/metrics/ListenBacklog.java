package io.junicorn.master.metrics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * enable_backlog_metric: the connections waiting in the accept queues of the master's TCP listeners. Linux shows a
 * listening socket's queue length (sk_ack_backlog, the number gunicorn reads as TCP_INFO's tcpi_unacked) as the
 * rx_queue of its line in /proc/net/tcp and tcp6; the lines are those of sockets this process holds (by inode)
 * on the listeners' ports, so another server's socket on the same port (reuse_port) is not counted.
 */
final class ListenBacklog {
    private static final String LISTEN_STATE = "0A";
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private ListenBacklog() {
    }

    /** The sum over the listeners given as URLs (http://HOST:PORT; unix: ones have no such queue length here). */
    static int of(List<String> listenerUrls) throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (String url : listenerUrls) {
            if (url.startsWith("http")) {
                ports.add(Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)));
            }
        }
        Set<String> inodes = socketInodes();
        int backlog = 0;
        for (Path table : TABLES) {
            if (Files.isReadable(table)) {
                backlog += sum(Files.readAllLines(table), ports, inodes);
            }
        }
        return backlog;
    }

    /** Lines as "sl local_address rem_address st tx_queue:rx_queue tr:when retrnsmt uid timeout inode ...". */
    static int sum(List<String> lines, Set<Integer> ports, Set<String> inodes) {
        int backlog = 0;
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 10 || !fields[3].equals(LISTEN_STATE) || !inodes.contains(fields[9])) {
                continue;
            }
            String local = fields[1];
            if (ports.contains(Integer.parseInt(local.substring(local.indexOf(':') + 1), 16))) {
                backlog += Integer.parseInt(fields[4].substring(fields[4].indexOf(':') + 1), 16);
            }
        }
        return backlog;
    }

    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // an fd another thread closed while we listed them
                }
            }
        }
        return inodes;
    }
}
