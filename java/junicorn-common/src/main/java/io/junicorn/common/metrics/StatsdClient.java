package io.junicorn.common.metrics;

import io.junicorn.common.UnixDatagramSocket;
import io.junicorn.common.settings.BindAddress;
import io.junicorn.common.settings.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends StatsD lines over UDP or to a unix datagram socket, batched: callers queue lines, and a timer thread of the
 * process calls {@link #flush()}, which packs them into a few datagrams. Both sockets are non-blocking (the UDP one
 * unconnected), so a slow or absent StatsD server costs a dropped datagram, never a blocked thread or an exception
 * upstream.
 */
public final class StatsdClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatsdClient.class);
    /** An Ethernet MTU's payload: larger datagrams may be fragmented and lost on the way to a remote StatsD. */
    static final int MAX_DATAGRAM_BYTES = 1432;
    static final int DEFAULT_PORT = 8125;
    private static final String UNIX = "unix://";
    /** Lines waiting beyond this are dropped: metrics must never grow the heap of a process that cannot send. */
    static final int MAX_PENDING_LINES = 20_000;

    /** Where datagrams go: a UDP address or a unix socket path. */
    private interface Destination {
        void send(byte[] datagram) throws IOException;

        void close() throws IOException;
    }

    private final StatsdFormat format;
    private final String server;
    private final Destination destination;
    private final List<String> pending = new ArrayList<>();
    private boolean failing;

    private StatsdClient(StatsdFormat format, String server, Destination destination) {
        this.format = format;
        this.server = server;
        this.destination = destination;
    }

    /**
     * {@code hostPort} is statsd_host: HOST[:PORT] or [IPv6][:PORT] (port 8125, as gunicorn), resolved once, here,
     * or unix://PATH (gunicorn's form for a unix datagram socket).
     */
    public static StatsdClient open(String hostPort, String prefix, String dogstatsdTags) throws SettingsException {
        StatsdFormat format = new StatsdFormat(prefix, dogstatsdTags);
        if (hostPort.startsWith(UNIX)) {
            String path = hostPort.substring(UNIX.length());
            try {
                UnixDatagramSocket socket = UnixDatagramSocket.open(path);
                return new StatsdClient(format, hostPort, new Destination() {
                    @Override
                    public void send(byte[] datagram) throws IOException {
                        socket.send(datagram, datagram.length);
                    }

                    @Override
                    public void close() throws IOException {
                        socket.close();
                    }
                });
            } catch (IOException e) {
                throw new SettingsException("statsd_host = " + hostPort + ": cannot open a unix datagram socket: "
                        + e.getMessage());
            }
        }
        InetSocketAddress server = address(hostPort);
        try {
            DatagramChannel channel = DatagramChannel.open();
            channel.configureBlocking(false);
            return new StatsdClient(format, server.toString(), new Destination() {
                @Override
                public void send(byte[] datagram) throws IOException {
                    channel.send(ByteBuffer.wrap(datagram), server);
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            });
        } catch (IOException e) {
            throw new SettingsException("statsd_host = " + hostPort + ": cannot open a UDP socket: " + e.getMessage());
        }
    }

    static InetSocketAddress address(String hostPort) throws SettingsException {
        BindAddress address;
        try {
            address = BindAddress.parse(hostPort);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("statsd_host = " + hostPort + ": " + e.getMessage());
        }
        if (address.isUnix()) {
            throw new SettingsException("statsd_host = " + hostPort + ": a unix socket is unix://PATH, as in gunicorn");
        }
        boolean portGiven = hostPort.contains(":") && !hostPort.endsWith("]");
        try {
            return new InetSocketAddress(InetAddress.getByName(address.host()), portGiven ? address.port() : DEFAULT_PORT);
        } catch (UnknownHostException e) {
            throw new SettingsException("statsd_host = " + hostPort + ": unknown host " + address.host());
        }
    }

    public StatsdFormat format() {
        return format;
    }

    public void counter(String name, long value) {
        queue(format.counter(name, value));
    }

    public void gauge(String name, long value) {
        queue(format.gauge(name, value));
    }

    /** Queues lines already formatted with {@link #format()}. */
    public synchronized void queue(List<String> lines) {
        for (String line : lines) {
            queue(line);
        }
    }

    private synchronized void queue(String line) {
        if (pending.size() < MAX_PENDING_LINES) {
            pending.add(line);
        }
    }

    /** Sends what is queued. Called by one timer thread; a failure is logged once per streak and dropped. */
    public void flush() {
        List<String> lines;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            lines = new ArrayList<>(pending);
            pending.clear();
        }
        try {
            for (byte[] datagram : StatsdFormat.datagrams(lines, MAX_DATAGRAM_BYTES)) {
                destination.send(datagram);
            }
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                log.warn("Cannot send StatsD metrics to {}: {}; dropping them until it works again", server, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        flush();
        try {
            destination.close();
        } catch (IOException e) {
            log.debug("closing the StatsD socket: {}", e.toString());
        }
    }
}
