package io.junicorn.master.os;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.junicorn.common.UnixDatagramSocket;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The operating system as the master's tests want it: signals come from a queue the test fills, spawned workers
 * are records that exit when the master signals them (or when the test says), listeners are numbers, and the
 * heartbeat is plain native memory the test writes. Calls come from the arbiter's thread and the test's, so
 * every method is synchronized (but the wait for a signal).
 */
public final class FakeOs implements Os {
    public static final int EADDRINUSE = 98;
    private static final int FIRST_FD = 100;
    private static final int FIRST_PID = 5000;
    private static final int MASTER_PID = (int) ProcessHandle.current().pid();

    /** One spawned process: what it was given, and its exit once it has one. */
    public record Spawned(int pid, List<String> environment, int[] fdMap) {
        public int slot() {
            return Integer.parseInt(variable("JUNICORN_WORKER"));
        }

        public String variable(String name) {
            return environment.stream().filter(entry -> entry.startsWith(name + "=")).findFirst()
                    .map(entry -> entry.substring(name.length() + 1)).orElseThrow();
        }
    }

    /** A listening socket: where it was bound and whether it has been closed. */
    public record Bound(int fd, String address) {
    }

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    /** Every signal sent to a worker, as "PID SIGNAL". */
    private final List<String> workerSignals = new ArrayList<>();
    private final Map<Integer, Spawned> spawned = new LinkedHashMap<>();
    private final Map<Integer, ExitInfo> exits = new LinkedHashMap<>();
    private final Set<Integer> reaped = new HashSet<>();
    private final List<Bound> bound = new ArrayList<>();
    private final List<Integer> closed = new ArrayList<>();
    private final List<String> bindAttempts = new ArrayList<>();
    private final Set<Integer> takenPorts = new HashSet<>();
    private RuntimeException nextSpawnFailure;
    private Memory heartbeat;
    private int nextFd = FIRST_FD;
    private int nextPid = FIRST_PID;
    private int nextPort = 40000;
    private long waits;

    /** Delivers a signal to the master, as the kernel would through its signalfd. */
    public void send(Signal signal) {
        signals.add(signal);
    }

    /** A later listenInet on this port fails with EADDRINUSE, as when another socket holds it. */
    public synchronized void takePort(int port) {
        takenPorts.add(port);
    }

    /** The next spawn throws this, as a bug or a setting the spawn cannot use would. */
    public synchronized void failNextSpawn(RuntimeException failure) {
        nextSpawnFailure = failure;
    }

    public synchronized List<Spawned> spawned() {
        return List.copyOf(spawned.values());
    }

    /** Spawned and not yet reaped. */
    public synchronized List<Spawned> running() {
        return spawned.values().stream().filter(process -> !reaped.contains(process.pid())).toList();
    }

    public synchronized List<Bound> bound() {
        return List.copyOf(bound);
    }

    public synchronized List<String> bindAttempts() {
        return List.copyOf(bindAttempts);
    }

    public synchronized List<Integer> closed() {
        return List.copyOf(closed);
    }

    /** The worker writes READY (and a fresh tick) into its heartbeat slot. */
    public synchronized void ready(Spawned worker) {
        long offset = (long) worker.slot() * io.junicorn.common.Heartbeat.SLOT_SIZE;
        heartbeat.setLong(offset + io.junicorn.common.Heartbeat.TICK_MS, System.nanoTime() / 1_000_000L);
        heartbeat.setInt(offset + io.junicorn.common.Heartbeat.STATE, io.junicorn.common.WorkerState.READY.code);
    }

    /** The worker, one of the spares, writes SPARE (and a fresh tick): booted, standing by. */
    public synchronized void standBy(Spawned spare) {
        long offset = (long) spare.slot() * io.junicorn.common.Heartbeat.SLOT_SIZE;
        heartbeat.setLong(offset + io.junicorn.common.Heartbeat.TICK_MS, System.nanoTime() / 1_000_000L);
        heartbeat.setInt(offset + io.junicorn.common.Heartbeat.STATE, io.junicorn.common.WorkerState.SPARE.code);
    }

    /** Every signal the master sent a worker, as "PID SIGNAL", in order. */
    public synchronized List<String> workerSignals() {
        return List.copyOf(workerSignals);
    }

    /** The worker exits on its own with this status. */
    public synchronized void exit(Spawned worker, int code) {
        exits.putIfAbsent(worker.pid(), ExitInfo.ofWaitStatus((code & 0xff) << 8));
        signals.add(Signal.CHLD);
    }

    @Override
    public int openSignals() {
        return 3;
    }

    /** Waits until the master has taken every signal sent and gone round its loop twice more. */
    public void awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        long since;
        synchronized (this) {
            while (!signals.isEmpty()) {
                waitUntil(deadline, "the master took every signal");
            }
            since = waits;
            while (waits < since + 2) {
                waitUntil(deadline, "two more turns of the master loop");
            }
        }
    }

    private void waitUntil(long deadline, String what) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError("timed out waiting until " + what);
        }
        wait(Math.max(1, left / 1_000_000L));
    }

    @Override
    public Optional<Signal> waitSignal(int signalFd, int timeoutMillis) {
        synchronized (this) {
            waits++;
            notifyAll();
        }
        try {
            return Optional.ofNullable(signals.poll(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public synchronized int listenInet(String ip, int port, int backlog, boolean reusePort) throws NativeException {
        bindAttempts.add(ip + ":" + port);
        if (takenPorts.contains(port)) {
            throw new NativeException("bind(" + ip + ":" + port + ") failed: Address already in use", EADDRINUSE);
        }
        int fd = nextFd++;
        bound.add(new Bound(fd, ip + ":" + (port == 0 ? nextPort++ : port)));
        return fd;
    }

    @Override
    public synchronized int listenUnix(String path, int backlog) {
        bindAttempts.add("unix:" + path);
        int fd = nextFd++;
        bound.add(new Bound(fd, "unix:" + path));
        return fd;
    }

    @Override
    public synchronized int localPort(int fd) {
        String address = bound.stream().filter(socket -> socket.fd() == fd).findFirst().orElseThrow().address();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    @Override
    public String inheritedListener(int fd) throws NativeException {
        throw new NativeException("no inherited listeners here", 9);
    }

    @Override
    public boolean sdNotify(String state) {
        return false;
    }

    @Override
    public UnixDatagramSocket.Natives unixDatagrams() {
        throw new UnsupportedOperationException("no unix datagrams in the fake");
    }

    @Override
    public synchronized void close(int fd) throws NativeException {
        if (closed.contains(fd)) {
            throw new NativeException("close(" + fd + ") failed: Bad file descriptor", 9);
        }
        closed.add(fd);
    }

    @Override
    public int createHeartbeat(int slots) {
        return 4;
    }

    @Override
    public synchronized Pointer mapHeartbeat(int fd, int slots) {
        heartbeat = new Memory((long) slots * io.junicorn.common.Heartbeat.SLOT_SIZE);
        heartbeat.clear();
        return heartbeat;
    }

    @Override
    public synchronized int spawn(String path, List<String> argv, List<String> environment, int[] fdMap,
                                  Credentials credentials) {
        if (nextSpawnFailure != null) {
            RuntimeException failure = nextSpawnFailure;
            nextSpawnFailure = null;
            throw failure;
        }
        int pid = nextPid++;
        spawned.put(pid, new Spawned(pid, List.copyOf(environment), fdMap.clone()));
        return pid;
    }

    @Override
    public void checkCredentials(Credentials credentials) {
    }

    @Override
    public void exec(String path, List<String> argv, List<String> environment) throws NativeException {
        throw new NativeException("no exec here", 1);
    }

    @Override
    public void redirectOutput(String path) {
    }

    @Override
    public String describeListener(int fd) throws NativeException {
        throw new NativeException("no inherited listeners here", 9);
    }

    /** TERM, INT, QUIT and KILL end a worker at once; CHLD to the master wakes its loop, as in the real one. */
    @Override
    public synchronized boolean kill(int pid, Signal signal) {
        if (pid == MASTER_PID) {
            signals.add(signal);
            return true;
        }
        if (!spawned.containsKey(pid) || reaped.contains(pid)) {
            return false;
        }
        workerSignals.add(pid + " " + signal.name());
        switch (signal) {
            case TERM, INT, QUIT -> exit(spawned.get(pid), 0);
            case KILL -> {
                exits.putIfAbsent(pid, ExitInfo.ofWaitStatus(Signal.KILL.number));
                signals.add(Signal.CHLD);
            }
            default -> { }
        }
        return true;
    }

    @Override
    public synchronized Optional<ExitInfo> reap(int pid) throws NativeException {
        if (!spawned.containsKey(pid) || reaped.contains(pid)) {
            throw new NativeException("waitpid(" + pid + ", WNOHANG) failed: No child processes", 10);
        }
        ExitInfo exit = exits.get(pid);
        if (exit != null) {
            reaped.add(pid);
        }
        return Optional.ofNullable(exit);
    }

    @Override
    public void setProcessTitle(String title) {
    }

    /** Every setPriority call, as "PID NICE". */
    public final List<String> priorities = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void setPriority(int pid, int niceValue) {
        priorities.add(pid + " " + niceValue);
    }

    /** What memory(pid) answers: set by a test, 0 for a pid it did not set. */
    public final java.util.Map<Integer, Long> memory = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public long memory(int pid) {
        return memory.getOrDefault(pid, 0L);
    }

    @Override
    public FdLimit raiseFdLimit() {
        return new FdLimit(1024, 4096);
    }
}
