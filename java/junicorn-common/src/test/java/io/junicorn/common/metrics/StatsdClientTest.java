package io.junicorn.common.metrics;

import io.junicorn.common.UnixDatagramSocket;
import io.junicorn.common.settings.SettingsException;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** statsd_host as gunicorn reads it, and queued lines leaving as one datagram on flush. */
class StatsdClientTest {

    @Test
    void addressDefaultsToPort8125() {
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8125), StatsdClient.address("127.0.0.1"));
        assertEquals(9125, StatsdClient.address("127.0.0.1:9125").getPort());
        assertEquals(8125, StatsdClient.address("[::1]").getPort());
        assertEquals(9125, StatsdClient.address("[::1]:9125").getPort());
        assertThrows(SettingsException.class, () -> StatsdClient.address("unix:/run/statsd.sock"));
        assertThrows(SettingsException.class, () -> StatsdClient.address("unix:///run/statsd.sock"));
        assertThrows(SettingsException.class, () -> StatsdClient.address("127.0.0.1:99999"));
    }

    @Test
    void flushSendsQueuedLinesInOneDatagram() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             StatsdClient client = StatsdClient.open("127.0.0.1:" + server.getLocalPort(), "junicorn", "")) {
            server.setSoTimeout(10_000);
            client.counter("requests", 2);
            client.gauge("workers", 3);
            client.flush();
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            server.receive(packet);
            assertEquals("junicorn.requests:2|c|@1.0\njunicorn.workers:3|g",
                    new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        }
    }

    /** unix://PATH goes through the process's natives (libjunicorn), here a stand-in that records each send. */
    @Test
    void unixSocketGetsTheSameDatagrams() {
        List<String> calls = new ArrayList<>();
        UnixDatagramSocket.install(new UnixDatagramSocket.Natives() {
            @Override
            public int open() {
                calls.add("open");
                return 7;
            }

            @Override
            public boolean send(int fd, String path, byte[] data, int length) {
                calls.add(fd + " " + path + " " + new String(data, 0, length, StandardCharsets.UTF_8));
                return true;
            }

            @Override
            public void close(int fd) {
                calls.add("close " + fd);
            }
        });
        try (StatsdClient client = StatsdClient.open("unix:///run/statsd.sock", "junicorn", "")) {
            client.counter("requests", 2);
            client.flush();
        }
        assertEquals(List.of("open", "7 /run/statsd.sock junicorn.requests:2|c|@1.0", "close 7"), calls);
    }
}
