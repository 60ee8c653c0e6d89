package io.junicorn.master.os;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * libjunicorn, the launcher's C library, as JNA sees it (native/include/junicorn.h). Every call returns -1
 * or NULL on failure, with errno set and a message in {@link #jn_last_error()}; {@link Os} turns those
 * into exceptions so nothing else deals with return codes.
 */
interface LibJunicorn extends Library {
    static LibJunicorn load(String path) {
        return Native.load(path, LibJunicorn.class);
    }

    String jn_last_error();

    int jn_signals_open();

    int jn_signals_wait(int sfd, int timeoutMillis);

    int jn_listen_inet(String ip, int port, int backlog, int reusePort);

    int jn_listen_unix(String path, int backlog, int mode);

    int jn_local_port(int fd);

    int jn_close(int fd);

    int jn_inherited_listener(int fd, byte[] address, int size);

    int jn_sd_notify(String state);

    int jn_unix_dgram_open();

    int jn_unix_dgram_send(int fd, String path, byte[] data, int length);

    int jn_heartbeat_create(int slots);

    Pointer jn_heartbeat_map(int fd, int slots);

    int jn_spawn_as(String path, String[] argv, String[] envp, int[] fdMap, int fds, String user, String group,
                    int initgroups, int umask, String directory, int niceIncrement);

    int jn_set_priority(int pid, int niceValue);

    int jn_check_credentials(String user, String group, int initgroups, int umask);

    int jn_exec(String path, String[] argv, String[] envp);

    int jn_redirect_output(String path);

    int jn_describe_listener(int fd, byte[] buffer, int size);

    int jn_kill(int pid, int signal);

    int jn_reap(int pid, int[] status);

    int jn_proctitle_set(String title);

    int jn_raise_fd_limit(long[] limits);
}
