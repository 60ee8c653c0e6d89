/*
 * libjunicorn: the system calls junicorn's Java master makes through JNA, and that the launcher
 * shares with it. Mechanism only; policy (how many workers, when to kill) lives in Java.
 *
 * Every function that can fail returns -1 (or NULL), sets errno and leaves a message on the calling
 * thread, readable with jn_last_error(): the call, its arguments and the errno text, e.g.
 * "bind(127.0.0.1:8000) failed: Address already in use".
 */
#ifndef JUNICORN_H
#define JUNICORN_H

/* One heartbeat slot is one cache line, so workers ticking their own slots never share a line.
 * io.junicorn.common.Heartbeat.SLOT_SIZE has the same value. */
#define JN_HEARTBEAT_SLOT_SIZE 64

/* Signal sets for jn_signals_block(). */
#define JN_SIGNALS_MASTER 0 /* HUP INT TERM QUIT USR1 USR2 WINCH TTIN TTOU CHLD */
#define JN_SIGNALS_WORKER 1 /* the master set plus ABRT, the master's "dump stacks and exit" */

/* Returns the message of the last failure on this thread, "" if nothing failed yet. Never fails. */
const char *jn_last_error(void);

/* Blocks signal set `which` (JN_SIGNALS_MASTER or _WORKER) in the calling thread; threads created
 * afterwards inherit the mask. Fails with EINVAL for an unknown set. */
int jn_signals_block(int which);

/* Opens a signalfd (SFD_CLOEXEC | SFD_NONBLOCK) over the master set; returns the fd.
 * The set must already be blocked in every thread, or the signals go to their default action. */
int jn_signals_open(void);

/* Same as jn_signals_open() over the worker set (master set plus ABRT). */
int jn_signals_open_worker(void);

/* Waits up to timeout_ms (-1: forever) for a signal on signalfd sfd and consumes one.
 * Returns its number, 0 on timeout or EINTR, -1 when poll() or read() fails. */
int jn_signals_wait(int sfd, int timeout_ms);

/* Listens on TCP ip:port. ip is a numeric IPv4 or IPv6 literal without brackets. Sets SO_REUSEADDR,
 * SO_REUSEPORT when reuse_port != 0, IPV6_V6ONLY for IPv6 and TCP_NODELAY (accepted sockets inherit
 * it). The fd is blocking and close-on-exec. Returns the fd; on failure nothing stays open. */
int jn_listen_inet(const char *ip, int port, int backlog, int reuse_port);

/* Listens on the unix socket path. A stale socket file there is removed first; fails with EEXIST
 * when path is another kind of file and with EADDRINUSE when a server still accepts on it.
 * chmod(path, mode) when mode >= 0. The fd is blocking and close-on-exec. On failure the new file
 * is removed again. */
int jn_listen_unix(const char *path, int backlog, int mode);

/* Returns the port a bound AF_INET/AF_INET6 socket has; -1 (EAFNOSUPPORT) for other families. */
int jn_local_port(int fd);

/* An inherited listening socket (systemd's LISTEN_FDS): checks that fd is a listening stream
 * socket, sets close-on-exec on it and writes its address into address (size bytes, NUL-terminated):
 * "127.0.0.1:8080", "[::1]:8080", "unix:/run/app.sock" or "unix:@abstract". Returns the family
 * (AF_INET, AF_INET6 or AF_UNIX). */
int jn_inherited_listener(int fd, char *address, int size);

/* Describes the listening socket fd, inherited from an old master (USR2), into buffer:
 * "inet IP PORT" (IP numeric, IPv6 without brackets) or "unix PATH". Fails with EINVAL when fd
 * is a socket that does not listen, ENOTSOCK when it is no socket. */
int jn_describe_listener(int fd, char *buffer, int size);

/* Closes fd. EINTR counts as success: on Linux the fd is gone either way. */
int jn_close(int fd);

/* Creates the heartbeat region: a memfd of nslots * JN_HEARTBEAT_SLOT_SIZE zero bytes,
 * close-on-exec (a worker inherits it only through jn_spawn's fd map). Returns the fd. */
int jn_heartbeat_create(int nslots);

/* Maps the whole region of nslots slots, shared and writable. Returns NULL on failure. */
void *jn_heartbeat_map(int fd, int nslots);

/* Maps the page holding slot `slot` and returns the slot's address; the mapping lives as long as
 * the process. Fails with EINVAL when the region is too small to hold the slot. */
void *jn_heartbeat_map_slot(int fd, int slot);

/*
 * Starts path with argv and envp (NULL-terminated) in a new process and returns its pid.
 * The child gets fds 0 .. nfds-1 only: fd i is a copy of the caller's fd_map[i], or /dev/null when
 * fd_map[i] is -1; sources and targets may overlap. Its signal mask is empty and every signal has
 * its default action. Fails when an fd_map entry is not open, and with the child's errno when
 * execve fails ("execve(PATH) failed: ..."); the failed child is reaped then.
 */
int jn_spawn(const char *path, char *const argv[], char *const envp[], const int *fd_map, int nfds);

/*
 * jn_spawn, with the child dropping privileges before execve: user and group are names or numbers
 * (NULL or "": unchanged; a user without a group takes the user's primary group), supplementary
 * groups are the user's with initgroups != 0, else only the group; umask -1 and directory NULL keep
 * the caller's. Names are resolved before fork(); the child only calls setgroups, setresgid,
 * setresuid, umask and chdir, in that order, each failure reported like an execve failure
 * ("spawn PATH: setresuid(65534) in the child failed: ..."). A nice_increment other than 0 is added
 * to the child's nice value (setpriority) after those, so that the whole program runs at it.
 */
int jn_spawn_as(const char *path, char *const argv[], char *const envp[], const int *fd_map,
                int nfds, const char *user, const char *group, int initgroups, int umask,
                const char *directory, int nice_increment);

/* Sets the nice value of every thread of process pid (Linux's nice is per thread; setpriority on a
 * pid changes only its main thread), passing again over threads created meanwhile. Lowering a
 * value needs CAP_SYS_NICE or a large enough RLIMIT_NICE (EPERM otherwise). */
int jn_set_priority(int pid, int nice_value);

/* Resolves user and group as jn_spawn_as() would and checks umask, spawning nothing: for checking
 * the settings at start. */
int jn_check_credentials(const char *user, const char *group, int initgroups, int umask);

/* Sends sig to pid. Fails with EINVAL for pid <= 0, which would signal a whole process group. */
int jn_kill(int pid, int sig);

/* Reaps child pid if it has exited: returns pid and stores the wait(2) status word in *status
 * (may be NULL), 0 while it runs, -1 with ECHILD when pid is not (or no longer) our child.
 * Only ever waits for that pid, so children of other code in the process are left alone. */
int jn_reap(int pid, int *status);

/* Replaces the calling process's program (execve), from any thread: the other threads end. Fds
 * without close-on-exec stay open (a new master's inherited listeners). Returns only on failure. */
int jn_exec(const char *path, char *const argv[], char *const envp[]);

/* Points fds 1 and 2 at path, opened for appending (created 0644), or at /dev/null when path is
 * NULL or "": a daemon's output once its error log is known. */
int jn_redirect_output(const char *path);

/* Raises the soft RLIMIT_NOFILE to the hard limit (nginx's worker_rlimit_nofile); children
 * spawned afterwards inherit it. Stores the soft limit before in limits[0] and after in limits[1],
 * -1 for unlimited. On failure the limit is unchanged. */
int jn_raise_fd_limit(long long limits[2]);

/* Remembers argv's memory (argv strings plus the environ strings right after them) for
 * jn_proctitle_set(). Moves environ to the heap first so getenv() keeps working. Call it once, from
 * main(), before any thread exists. */
int jn_proctitle_init(int argc, char **argv);

/* Makes ps and /proc/PID/cmdline show exactly title (cut to the argv memory) and sets the thread
 * name (comm) to its first 15 bytes. Fails with EINVAL before jn_proctitle_init(). */
int jn_proctitle_set(const char *title);

/* Sends state (e.g. "READY=1\nSTATUS=...") as one datagram to $NOTIFY_SOCKET, an absolute path
 * or an @abstract name (sd_notify(3)). Returns 1 when sent, 0 when NOTIFY_SOCKET is unset or empty
 * (not under systemd), -1 when it cannot be sent. */
int jn_sd_notify(const char *state);

/* An unbound unix datagram socket for jn_unix_dgram_send: non-blocking, close-on-exec. Returns
 * its fd (jn_close closes it). */
int jn_unix_dgram_open(void);

/* Sends length bytes of data as one datagram from fd to path, an absolute path or an @abstract
 * name. Returns 1 when sent, 0 when the receiver's queue is full and the datagram was dropped
 * (as UDP would drop it), -1 when it cannot be sent (no such socket, nobody bound to it). */
int jn_unix_dgram_send(int fd, const char *path, const void *data, int length);

#endif
