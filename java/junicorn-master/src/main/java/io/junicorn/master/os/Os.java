package io.junicorn.master.os;

import com.sun.jna.Pointer;
import io.junicorn.common.UnixDatagramSocket;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The master's only door to the operating system beyond the JDK: libjunicorn's calls, failures as exceptions. */
public interface Os {
    /** Loads libjunicorn from the launcher's lib directory (the launcher has already loaded the same file). */
    static Os load(Path home) {
        return new NativeOs(LibJunicorn.load(home.resolve("lib/libjunicorn.so").toString()));
    }

    int openSignals() throws NativeException;

    /** One pending signal, or empty after timeoutMillis. */
    Optional<Signal> waitSignal(int signalFd, int timeoutMillis) throws NativeException;

    int listenInet(String ip, int port, int backlog, boolean reusePort) throws NativeException;

    int listenUnix(String path, int backlog) throws NativeException;

    int localPort(int fd) throws NativeException;

    /**
     * Checks that an inherited fd (socket activation) is a listening stream socket, makes it close-on-exec and
     * returns its address: "127.0.0.1:8080", "[::1]:8080", "unix:/run/app.sock" or "unix:@name".
     */
    String inheritedListener(int fd) throws NativeException;

    /** sd_notify(3): true when sent to $NOTIFY_SOCKET, false when not under systemd (NOTIFY_SOCKET unset). */
    boolean sdNotify(String state) throws NativeException;

    void close(int fd) throws NativeException;

    /** jn_unix_dgram_open, jn_unix_dgram_send and close: StatsD and syslog at unix://PATH. */
    UnixDatagramSocket.Natives unixDatagrams();

    int createHeartbeat(int slots) throws NativeException;

    Pointer mapHeartbeat(int fd, int slots) throws NativeException;

    /**
     * fork + execve with the child's fd i a copy of fdMap[i] (everything else closed in the child), running as
     * credentials say (names resolved before the fork, dropped in the child in the order setgroups, setgid,
     * setuid, then umask and chdir).
     */
    int spawn(String path, List<String> argv, List<String> environment, int[] fdMap, Credentials credentials)
            throws NativeException;

    /** Resolves the user and group names as a spawn would, so a mistyped name stops the start. */
    void checkCredentials(Credentials credentials) throws NativeException;

    /** Replaces this process's program; returns only by throwing. */
    void exec(String path, List<String> argv, List<String> environment) throws NativeException;

    /** Points fds 1 and 2 at the file (appending), or at /dev/null for an empty path. */
    void redirectOutput(String path) throws NativeException;

    /** An inherited listening socket's address: "inet IP PORT" or "unix PATH". */
    String describeListener(int fd) throws NativeException;

    /** Sends a signal; false when the process is already gone (ESRCH). */
    boolean kill(int pid, Signal signal) throws NativeException;

    /** Reaps this pid if it has exited (never waitpid(-1): the JDK reaps its own children). */
    Optional<ExitInfo> reap(int pid) throws NativeException;

    void setProcessTitle(String title) throws NativeException;

    /** Sets the nice value of every thread of the process (jn_set_priority). */
    void setPriority(int pid, int niceValue) throws NativeException;

    /** A process's PSS in bytes (ProcessMemory), 0 when it cannot be read (the process is gone). */
    long memory(int pid);

    /**
     * Raises the soft RLIMIT_NOFILE to the hard limit; workers spawned afterwards inherit it. Returns the soft
     * limit before and after; -1 stands for unlimited.
     */
    FdLimit raiseFdLimit() throws NativeException;

    /** The soft RLIMIT_NOFILE as it was and as it is; -1 stands for unlimited. */
    record FdLimit(long before, long after) {
    }
}
