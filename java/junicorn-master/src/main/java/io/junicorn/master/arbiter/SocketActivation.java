package io.junicorn.master.arbiter;

import io.junicorn.common.settings.BindAddress;
import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's socket activation (sd_listen_fds(3), gunicorn's listen_fds): when LISTEN_PID is this process, fds 3 to
 * 3 + LISTEN_FDS - 1 are listening sockets systemd (or systemd-socket-activate) bound. They replace the bind
 * setting entirely, as in gunicorn: the .socket unit owns the addresses.
 *
 * @param names LISTEN_FDNAMES, one per fd (empty when systemd gave none), for the log
 */
record SocketActivation(List<Integer> fds, List<String> names) {
    static final int FIRST_FD = 3;

    /** The variables, also for the workers' environment, which must not carry them (see WorkerSpawner). */
    static final List<String> VARIABLES = List.of("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES");

    /** Empty when the variables are absent, malformed or meant for another process (LISTEN_PID). */
    static Optional<SocketActivation> fromEnvironment(Map<String, String> environment, long pid) {
        String listenPid = environment.get("LISTEN_PID");
        String listenFds = environment.get("LISTEN_FDS");
        if (listenPid == null || listenFds == null || !listenPid.equals(Long.toString(pid))
                || !listenFds.matches("[1-9][0-9]{0,3}")) {
            return Optional.empty();
        }
        int count = Integer.parseInt(listenFds);
        List<Integer> fds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fds.add(FIRST_FD + i);
        }
        String[] given = environment.getOrDefault("LISTEN_FDNAMES", "").split(":", -1);
        List<String> names = given.length == count ? List.of(given) : java.util.Collections.nCopies(count, "");
        return Optional.of(new SocketActivation(List.copyOf(fds), names));
    }

    /** The inherited sockets as listeners, checked and made close-on-exec; their files are never removed. */
    List<Listener> adopt(Os os) throws NativeException {
        List<Listener> listeners = new ArrayList<>();
        for (int fd : fds) {
            BindAddress address = BindAddress.parse(os.inheritedListener(fd));
            listeners.add(new Listener(address, fd, address.url(address.port()), true));
        }
        return listeners;
    }
}
