package io.junicorn.master.arbiter;

import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;
import io.junicorn.common.settings.BindAddress;
import io.junicorn.common.settings.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening socket the master bound once; every worker inherits the same socket, so a worker that exits
 * leaves its queued connections to the others instead of resetting them (research: anchor-prefork-jvm C7).
 *
 * @param activated handed over by systemd's socket activation: its socket file belongs to the .socket unit
 */
record Listener(BindAddress address, int fd, String url, boolean activated) {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);
    private static final int BIND_ATTEMPTS = 5;
    private static final int EADDRINUSE = 98;

    Listener(BindAddress address, int fd, String url) {
        this(address, fd, url, false);
    }

    static List<Listener> bindAll(Os os, List<BindAddress> addresses, int backlog, boolean reusePort)
            throws InterruptedException {
        return bindAll(os, addresses, backlog, reusePort, new java.util.LinkedHashMap<>());
    }

    /**
     * As {@link #bindAll(Os, List, int, boolean)}, adopting the inherited listeners (fd to "inet IP PORT" or
     * "unix PATH", from an old master's USR2) whose address a bind names and binding only the others, as
     * Unicorn's inherit_listeners! does. A bind with port 0 adopts the inherited socket on its host whatever its
     * port, since a fresh random port would move the service. Inherited sockets no bind names are closed.
     */
    static List<Listener> bindAll(Os os, List<BindAddress> addresses, int backlog, boolean reusePort,
                                  java.util.Map<Integer, String> inherited) throws InterruptedException {
        List<Listener> listeners = new ArrayList<>();
        try {
            for (BindAddress address : addresses) {
                Listener adopted = adopt(os, address, inherited);
                listeners.add(adopted != null ? adopted : bindWithRetries(os, address, backlog, reusePort));
            }
            for (java.util.Map.Entry<Integer, String> unused : inherited.entrySet()) {
                log.warn("Closing inherited listener fd {} ({}): no bind names it", unused.getKey(), unused.getValue());
                closeQuietly(os, unused.getKey());
            }
        } catch (NativeException e) {
            closeAll(os, listeners, true);
            throw new SettingsException("inherited listener: " + e.getMessage());
        } catch (RuntimeException | InterruptedException e) {
            closeAll(os, listeners, true);
            throw e;
        }
        return listeners;
    }

    /**
     * A reload's listeners: an address the running ones already listen on keeps its socket (its queue, and the
     * copies the running workers hold, carry on; a port 0 keeps its port), any other is bound, once: the
     * start's retries would stall the master loop while the address is taken, so a reload fails at once
     * instead. The running listeners no address names are left to the caller, which closes them when no worker
     * uses them any more. backlog and reuse_port apply to the new sockets only. On failure the sockets bound
     * here are closed again and the running ones are untouched.
     *
     * @throws SettingsException naming the address that could not be bound
     */
    static List<Listener> rebind(Os os, List<Listener> running, List<BindAddress> addresses, int backlog,
                                 boolean reusePort) {
        List<Listener> unclaimed = new ArrayList<>(running);
        List<Listener> listeners = new ArrayList<>();
        try {
            for (BindAddress address : addresses) {
                Listener kept = unclaimed.stream().filter(listener -> listener.address().equals(address))
                        .findFirst().orElse(null);
                if (kept != null) {
                    unclaimed.remove(kept);
                    listeners.add(kept);
                } else {
                    listeners.add(bind(os, address, backlog, reusePort));
                }
            }
        } catch (NativeException e) {
            closeAll(os, added(listeners, running), true);
            throw new SettingsException(e.getMessage());
        } catch (RuntimeException e) {
            closeAll(os, added(listeners, running), true);
            throw e;
        }
        return listeners;
    }

    /** The listeners of {@code listeners} that are not among {@code others}. */
    static List<Listener> added(List<Listener> listeners, List<Listener> others) {
        return listeners.stream().filter(listener -> !others.contains(listener)).toList();
    }

    private static Listener adopt(Os os, BindAddress address, java.util.Map<Integer, String> inherited)
            throws NativeException {
        if (address.isFd()) { // a USR2 master gets its listeners at new numbers: fd://N cannot name them again
            return null;
        }
        for (java.util.Map.Entry<Integer, String> candidate : inherited.entrySet()) {
            String[] described = candidate.getValue().split(" ", 3);
            int fd = candidate.getKey();
            if (address.isUnix() && described[0].equals("unix") && described[1].equals(address.unixPath())) {
                inherited.remove(fd);
                log.info("Inherited listener fd {}: {}", fd, address.url(0));
                return new Listener(address, fd, address.url(0));
            }
            if (!address.isUnix() && described[0].equals("inet") && sameHost(address.host(), described[1])
                    && (address.port() == 0 || address.port() == Integer.parseInt(described[2]))) {
                inherited.remove(fd);
                int port = os.localPort(fd);
                log.info("Inherited listener fd {}: {}", fd, address.url(port));
                return new Listener(address, fd, address.url(port));
            }
        }
        return null;
    }

    private static boolean sameHost(String host, String ip) {
        try {
            return InetAddress.getByName(host).equals(InetAddress.getByName(ip));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void closeQuietly(Os os, int fd) {
        try {
            os.close(fd);
        } catch (NativeException e) {
            log.warn("closing fd {} failed: {}", fd, e.getMessage());
        }
    }

    /** Retries an address in use for a few seconds, as gunicorn does at start, since a previous server may be exiting. */
    private static Listener bindWithRetries(Os os, BindAddress address, int backlog, boolean reusePort)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return bind(os, address, backlog, reusePort);
            } catch (NativeException e) {
                if (e.errno() != EADDRINUSE || attempt == BIND_ATTEMPTS) {
                    throw new SettingsException(e.getMessage());
                }
                log.error("Connection in use: {} ({}), retrying in 1 second", address.url(address.port()), e.getMessage());
                Thread.sleep(1000);
            }
        }
    }

    private static Listener bind(Os os, BindAddress address, int backlog, boolean reusePort) throws NativeException {
        if (address.isFd()) {
            return passed(os, address);
        }
        if (address.isUnix()) {
            int fd = os.listenUnix(address.unixPath(), backlog);
            return new Listener(address, fd, address.url(0));
        }
        int fd = os.listenInet(resolve(address.host()), address.port(), backlog, reusePort);
        try {
            return new Listener(address, fd, address.url(os.localPort(fd)));
        } catch (NativeException e) {
            closeQuietly(os, fd);
            throw e;
        }
    }

    /**
     * fd://N: the caller's listening socket, checked and made close-on-exec as systemd's are; shown by the address
     * it listens on. Like an activated socket it belongs to the caller, so a unix socket's file is never removed.
     */
    private static Listener passed(Os os, BindAddress address) throws NativeException {
        BindAddress listening = BindAddress.parse(os.inheritedListener(address.fd()));
        return new Listener(address, address.fd(), listening.url(listening.port()), true);
    }

    private static String resolve(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new SettingsException("bind: cannot resolve host '" + host + "'");
        }
    }

    /**
     * Closes the master's copies. Workers hold their own, so a stopping worker can still drain the queue;
     * the socket goes away with the last copy.
     */
    static void closeAll(Os os, List<Listener> listeners, boolean removeSocketFiles) {
        for (Listener listener : listeners) {
            try {
                os.close(listener.fd());
            } catch (NativeException e) {
                log.warn("closing {} failed: {}", listener.url(), e.getMessage());
            }
        }
        if (removeSocketFiles) {
            removeSocketFiles(listeners);
        }
    }

    /**
     * Unix socket files are removed only when the server stops for good, after its workers are gone; never those of
     * activated sockets, which systemd keeps listening for the next start.
     */
    static void removeSocketFiles(List<Listener> listeners) {
        for (Listener listener : listeners) {
            if (listener.address().isUnix() && !listener.activated()) {
                try {
                    Files.deleteIfExists(Path.of(listener.address().unixPath()));
                } catch (java.io.IOException e) {
                    log.warn("removing {} failed: {}", listener.url(), e.getMessage());
                }
            }
        }
    }
}
