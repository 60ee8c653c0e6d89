package io.junicorn.master.metrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The accept-queue length from /proc/net/tcp: parsed from sample lines, and read for a real listener. */
class ListenBacklogTest {
    @Test
    void sumsTheQueuesOfOurListeningSocketsOnTheListenersPorts() {
        List<String> lines = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F40 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 111 1",
                "   1: 0100007F:1F41 00000000:0000 0A 00000000:00000005 00:00000000 00000000     0        0 112 1",
                "   2: 0100007F:1F40 00000000:0000 0A 00000000:00000007 00:00000000 00000000     0        0 999 1",
                "   3: 0100007F:1F40 0100007F:D431 01 00000000:00000009 00:00000000 00000000     0        0 111 1");
        // 8000 is ours (inode 111); 8001 is not a listener's port; inode 999 is another process's; st 01 is a connection
        assertEquals(3, ListenBacklog.sum(lines, Set.of(8000), Set.of("111", "112")));
    }

    @Test
    void countsConnectionsNobodyAcceptedYet() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + listener.getLocalPort();
            assertEquals(0, ListenBacklog.of(List.of(url)));
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket client = new Socket();
                    client.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 5000);
                    clients.add(client);
                }
                // the handshake completes in the kernel before connect returns, so the queue holds all three now
                assertEquals(3, ListenBacklog.of(List.of(url)));
            } finally {
                for (Socket client : clients) {
                    client.close();
                }
            }
        }
    }
}
