package io.junicorn.master.os;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The master's only door to the operating system beyond the JDK: libjunicorn's calls, failures as exceptions. */
public final class Os {
    private final LibJunicorn lib;

    private Os(LibJunicorn lib) {
        this.lib = lib;
    }

    /** Loads libjunicorn from the launcher's lib directory (the launcher has already loaded the same file). */
    public static Os load(Path home) {
        return new Os(LibJunicorn.load(home.resolve("lib/libjunicorn.so").toString()));
    }

    private int check(int result) throws NativeException {
        if (result < 0) {
            throw new NativeException(lib.jn_last_error(), Native.getLastError());
        }
        return result;
    }

    public int openSignals() throws NativeException {
        return check(lib.jn_signals_open());
    }

    /** One pending signal, or empty after timeoutMillis. */
    public Optional<Signal> waitSignal(int signalFd, int timeoutMillis) throws NativeException {
        int number = check(lib.jn_signals_wait(signalFd, timeoutMillis));
        return number == 0 ? Optional.empty() : Optional.ofNullable(Signal.of(number));
    }

    public int listenInet(String ip, int port, int backlog, boolean reusePort) throws NativeException {
        return check(lib.jn_listen_inet(ip, port, backlog, reusePort ? 1 : 0));
    }

    public int listenUnix(String path, int backlog) throws NativeException {
        return check(lib.jn_listen_unix(path, backlog, -1));
    }

    public int localPort(int fd) throws NativeException {
        return check(lib.jn_local_port(fd));
    }

    /**
     * Checks that an inherited fd (socket activation) is a listening stream socket, makes it close-on-exec and
     * returns its address: "127.0.0.1:8080", "[::1]:8080", "unix:/run/app.sock" or "unix:@name".
     */
    public String inheritedListener(int fd) throws NativeException {
        byte[] address = new byte[256];
        check(lib.jn_inherited_listener(fd, address, address.length));
        return Native.toString(address, "UTF-8");
    }

    /** sd_notify(3): true when sent to $NOTIFY_SOCKET, false when not under systemd (NOTIFY_SOCKET unset). */
    public boolean sdNotify(String state) throws NativeException {
        return check(lib.jn_sd_notify(state)) == 1;
    }

    public void close(int fd) throws NativeException {
        check(lib.jn_close(fd));
    }

    public int createHeartbeat(int slots) throws NativeException {
        return check(lib.jn_heartbeat_create(slots));
    }

    public Pointer mapHeartbeat(int fd, int slots) throws NativeException {
        Pointer region = lib.jn_heartbeat_map(fd, slots);
        if (region == null) {
            throw new NativeException(lib.jn_last_error(), Native.getLastError());
        }
        return region;
    }

    /** fork + execve with the child's fd i a copy of fdMap[i]; everything else closed in the child. */
    public int spawn(String path, List<String> argv, List<String> environment, int[] fdMap) throws NativeException {
        return check(lib.jn_spawn(path, argv.toArray(String[]::new), environment.toArray(String[]::new),
                fdMap, fdMap.length));
    }

    /**
     * {@link #spawn}, the child running as credentials say (names resolved before the fork, dropped in the
     * child in the order setgroups, setgid, setuid, then umask and chdir).
     */
    public int spawn(String path, List<String> argv, List<String> environment, int[] fdMap, Credentials credentials)
            throws NativeException {
        return check(lib.jn_spawn_as(path, argv.toArray(String[]::new), environment.toArray(String[]::new), fdMap,
                fdMap.length, credentials.user(), credentials.group(), credentials.initgroups() ? 1 : 0,
                credentials.umask(), credentials.directory()));
    }

    /** Resolves the user and group names as a spawn would, so a mistyped name stops the start. */
    public void checkCredentials(Credentials credentials) throws NativeException {
        check(lib.jn_check_credentials(credentials.user(), credentials.group(), credentials.initgroups() ? 1 : 0,
                credentials.umask()));
    }

    /** Replaces this process's program; returns only by throwing. */
    public void exec(String path, List<String> argv, List<String> environment) throws NativeException {
        check(lib.jn_exec(path, argv.toArray(String[]::new), environment.toArray(String[]::new)));
    }

    /** Points fds 1 and 2 at the file (appending), or at /dev/null for an empty path. */
    public void redirectOutput(String path) throws NativeException {
        check(lib.jn_redirect_output(path));
    }

    /** An inherited listening socket's address: "inet IP PORT" or "unix PATH". */
    public String describeListener(int fd) throws NativeException {
        byte[] buffer = new byte[4200];
        check(lib.jn_describe_listener(fd, buffer, buffer.length));
        int length = 0;
        while (buffer[length] != 0) {
            length++;
        }
        return new String(buffer, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Sends a signal; false when the process is already gone (ESRCH). */
    public boolean kill(int pid, Signal signal) throws NativeException {
        try {
            check(lib.jn_kill(pid, signal.number));
            return true;
        } catch (NativeException e) {
            if (e.errno() == 3) {
                return false;
            }
            throw e;
        }
    }

    /** Reaps this pid if it has exited (never waitpid(-1): the JDK reaps its own children). */
    public Optional<ExitInfo> reap(int pid) throws NativeException {
        int[] status = new int[1];
        int result = check(lib.jn_reap(pid, status));
        return result == 0 ? Optional.empty() : Optional.of(ExitInfo.ofWaitStatus(status[0]));
    }

    public void setProcessTitle(String title) throws NativeException {
        check(lib.jn_proctitle_set(title));
    }
}
