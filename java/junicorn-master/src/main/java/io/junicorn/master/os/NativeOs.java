package io.junicorn.master.os;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.junicorn.common.UnixDatagramSocket;

import java.util.List;
import java.util.Optional;

/** {@link Os} through libjunicorn's calls (JNA); a negative return becomes a {@link NativeException}. */
final class NativeOs implements Os {
    private final LibJunicorn lib;

    NativeOs(LibJunicorn lib) {
        this.lib = lib;
    }

    private int check(int result) throws NativeException {
        if (result < 0) {
            throw new NativeException(lib.jn_last_error(), Native.getLastError());
        }
        return result;
    }

    @Override
    public int openSignals() throws NativeException {
        return check(lib.jn_signals_open());
    }

    @Override
    public Optional<Signal> waitSignal(int signalFd, int timeoutMillis) throws NativeException {
        int number = check(lib.jn_signals_wait(signalFd, timeoutMillis));
        return number == 0 ? Optional.empty() : Optional.ofNullable(Signal.of(number));
    }

    @Override
    public int listenInet(String ip, int port, int backlog, boolean reusePort) throws NativeException {
        return check(lib.jn_listen_inet(ip, port, backlog, reusePort ? 1 : 0));
    }

    @Override
    public int listenUnix(String path, int backlog) throws NativeException {
        return check(lib.jn_listen_unix(path, backlog, -1));
    }

    @Override
    public int localPort(int fd) throws NativeException {
        return check(lib.jn_local_port(fd));
    }

    @Override
    public String inheritedListener(int fd) throws NativeException {
        byte[] address = new byte[256];
        check(lib.jn_inherited_listener(fd, address, address.length));
        return Native.toString(address, "UTF-8");
    }

    @Override
    public boolean sdNotify(String state) throws NativeException {
        return check(lib.jn_sd_notify(state)) == 1;
    }

    @Override
    public void close(int fd) throws NativeException {
        check(lib.jn_close(fd));
    }

    @Override
    public UnixDatagramSocket.Natives unixDatagrams() {
        return new UnixDatagramSocket.Natives() {
            @Override
            public int open() throws NativeException {
                return check(lib.jn_unix_dgram_open());
            }

            @Override
            public boolean send(int fd, String path, byte[] data, int length) throws NativeException {
                return check(lib.jn_unix_dgram_send(fd, path, data, length)) == 1;
            }

            @Override
            public void close(int fd) throws NativeException {
                NativeOs.this.close(fd);
            }
        };
    }

    @Override
    public int createHeartbeat(int slots) throws NativeException {
        return check(lib.jn_heartbeat_create(slots));
    }

    @Override
    public Pointer mapHeartbeat(int fd, int slots) throws NativeException {
        Pointer region = lib.jn_heartbeat_map(fd, slots);
        if (region == null) {
            throw new NativeException(lib.jn_last_error(), Native.getLastError());
        }
        return region;
    }

    @Override
    public int spawn(String path, List<String> argv, List<String> environment, int[] fdMap, Credentials credentials)
            throws NativeException {
        return check(lib.jn_spawn_as(path, argv.toArray(String[]::new), environment.toArray(String[]::new), fdMap,
                fdMap.length, credentials.user(), credentials.group(), credentials.initgroups() ? 1 : 0,
                credentials.umask(), credentials.directory(), credentials.niceIncrement()));
    }

    @Override
    public void setPriority(int pid, int niceValue) throws NativeException {
        check(lib.jn_set_priority(pid, niceValue));
    }

    @Override
    public void checkCredentials(Credentials credentials) throws NativeException {
        check(lib.jn_check_credentials(credentials.user(), credentials.group(), credentials.initgroups() ? 1 : 0,
                credentials.umask()));
    }

    @Override
    public void exec(String path, List<String> argv, List<String> environment) throws NativeException {
        check(lib.jn_exec(path, argv.toArray(String[]::new), environment.toArray(String[]::new)));
    }

    @Override
    public void redirectOutput(String path) throws NativeException {
        check(lib.jn_redirect_output(path));
    }

    @Override
    public String describeListener(int fd) throws NativeException {
        byte[] buffer = new byte[4200];
        check(lib.jn_describe_listener(fd, buffer, buffer.length));
        int length = 0;
        while (buffer[length] != 0) {
            length++;
        }
        return new String(buffer, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
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

    @Override
    public Optional<ExitInfo> reap(int pid) throws NativeException {
        int[] status = new int[1];
        int result = check(lib.jn_reap(pid, status));
        return result == 0 ? Optional.empty() : Optional.of(ExitInfo.ofWaitStatus(status[0]));
    }

    @Override
    public void setProcessTitle(String title) throws NativeException {
        check(lib.jn_proctitle_set(title));
    }

    @Override
    public long memory(int pid) {
        return ProcessMemory.pss(pid).orElse(0);
    }

    @Override
    public FdLimit raiseFdLimit() throws NativeException {
        long[] limits = new long[2];
        check(lib.jn_raise_fd_limit(limits));
        return new FdLimit(limits[0], limits[1]);
    }
}
