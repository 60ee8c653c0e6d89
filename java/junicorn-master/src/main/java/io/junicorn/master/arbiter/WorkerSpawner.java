package io.junicorn.master.arbiter;

import io.junicorn.master.os.Credentials;
import io.junicorn.master.os.ExitInfo;
import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.master.settings.AppTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts a worker: fork + execve of the launcher in worker mode, with argv[0] as its process title, the
 * listeners and the heartbeat memfd at fixed fds, and everything the worker JVM needs in its environment.
 */
public final class WorkerSpawner {
    private static final long MIB = 1024L * 1024;

    private final Os os;
    private final Path home;
    private final String launcher;
    private final String defaultLibjvm;
    private final AppAotCache appAotCache;
    private volatile String metricsLines = "";

    public WorkerSpawner(Os os, Path home, String launcher, String defaultLibjvm) {
        this(os, home, launcher, defaultLibjvm, System.getenv());
    }

    WorkerSpawner(Os os, Path home, String launcher, String defaultLibjvm, Map<String, String> environment) {
        this.os = os;
        this.home = home;
        this.launcher = launcher;
        this.defaultLibjvm = defaultLibjvm;
        this.appAotCache = new AppAotCache(environment);
    }

    /** Workers spawned from now on report their request counts to this loopback UDP port, with this key. */
    public void reportMetricsTo(int port, long key) {
        metricsLines = "\nspawn.metrics_port=" + port + "\nspawn.metrics_key=" + key;
    }

    /** Fds in the worker: 0 = first listener, 1 and 2 shared with the master, 3 = heartbeat, 4.. = more listeners. */
    int spawn(Config config, List<Listener> listeners, int heartbeatFd, int slot, int generation, long age,
              int workers, boolean spare) throws NativeException {
        int[] fdMap = new int[listeners.size() + 3];
        fdMap[0] = listeners.get(0).fd();
        fdMap[1] = 1;
        fdMap[2] = 2;
        fdMap[3] = heartbeatFd;
        for (int i = 1; i < listeners.size(); i++) {
            fdMap[3 + i] = listeners.get(i).fd();
        }
        List<String> argv = List.of("junicorn: worker [" + config.procName() + "]");
        AppAotCache.Choice aot = appAotCache.choose(config, libjvm(config), workerClassPath());
        int pid;
        try {
            pid = os.spawn(launcher, argv, environment(config, slot, generation, age, listeners.size(), workers, spare, aot),
                    fdMap, credentials(config));
        } catch (NativeException | RuntimeException e) {
            appAotCache.notSpawned(aot);
            throw e;
        }
        appAotCache.spawned(aot, pid);
        return pid;
    }

    /** Whether this worker records the application's AOT cache, which its JVM writes when it exits. */
    boolean recordsAppAotCache(int pid) {
        return appAotCache.records(pid);
    }

    /** A worker was reaped: if it recorded the application's AOT cache, the cache takes its place now. */
    void workerExited(int pid, ExitInfo exit) {
        appAotCache.exited(pid, exit);
    }

    /**
     * user, group, initgroups and umask: what a worker becomes before its execve. No directory: the launcher has
     * applied chdir to the master before its JVM, and workers inherit its working directory.
     */
    public static Credentials credentials(Config config) {
        return new Credentials(emptyToNull(config.string(Registry.USER)), emptyToNull(config.string(Registry.GROUP)),
                config.flag(Registry.INITGROUPS), Registry.umask(config.string(Registry.UMASK)), null,
                bootNiceIncrement(config));
    }

    /**
     * worker_boot_nice, when the master can put a ready worker back to its own priority: lowering a nice value needs
     * CAP_SYS_NICE, so only a root master boots workers at a lower one (a worker left at it would serve slower
     * than its peers for good). Never beyond 19, the lowest priority.
     */
    static int bootNiceIncrement(Config config) {
        int increment = config.integer(Registry.WORKER_BOOT_NICE);
        if (increment == 0 || !MasterProcess.isRoot()) {
            return 0;
        }
        return Math.max(0, Math.min(increment, 19 - MasterProcess.niceValue()));
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private List<String> environment(Config config, int slot, int generation, long age, int listeners, int workers,
                                     boolean spare, AppAotCache.Choice aot) {
        Map<String, String> variables = new java.util.TreeMap<>();
        for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
            if (!isMastersOwn(variable.getKey())) {
                variables.put(variable.getKey(), variable.getValue());
            }
        }
        for (String entry : config.list(Registry.RAW_ENV)) {
            String[] variable = Registry.environmentEntry(entry);
            variables.put(variable[0], variable[1]);
        }
        // glibc gives each thread that mallocs an arena of its own (up to 8 per core), and keeps what the
        // compiler threads freed in them: 5-7 MiB of a loaded worker's PSS that no Java tool shows
        // (docs/performance.md, "What a worker costs"); the caller's or --env's value wins
        variables.putIfAbsent("MALLOC_ARENA_MAX", "2");
        List<String> environment = new ArrayList<>();
        variables.forEach((name, value) -> environment.add(name + "=" + value));
        environment.add("JUNICORN_WORKER=" + slot);
        environment.add("JUNICORN_WORKER_CONF=" + workerConf(config, generation, age, listeners, spare));
        environment.add("JUNICORN_LIBJVM=" + libjvm(config));
        environment.add("JUNICORN_JVM_OPTS=" + String.join("\n", jvmOptions(config, workers, aot)));
        return environment;
    }

    /**
     * Variables a worker must not inherit: junicorn's own for a worker (set afresh below) and for a USR2 master;
     * systemd's, since a worker that saw NOTIFY_SOCKET could tell systemd the service is ready or stopping (or keep
     * its watchdog fed), and
     * LISTEN_* would describe fds the worker does not have.
     */
    private static boolean isMastersOwn(String name) {
        return name.startsWith("JUNICORN_WORKER") || name.startsWith("JUNICORN_JVM") || name.equals("JUNICORN_LIBJVM")
                || name.equals(BinaryUpgrade.FD_VARIABLE) || name.equals(BinaryUpgrade.PID_VARIABLE)
                || name.equals("NOTIFY_SOCKET") || name.startsWith("WATCHDOG_") || SocketActivation.VARIABLES.contains(name);
    }

    private String libjvm(Config config) {
        String javaHome = config.string(Registry.JAVA_HOME);
        return javaHome.isEmpty() ? defaultLibjvm : Path.of(javaHome, "lib/server/libjvm.so").toString();
    }

    /** The master's settings, then what is particular to this worker, as WorkerConfig reads them. */
    private String workerConf(Config config, int generation, long age, int listeners, boolean spare) {
        int maxRequests = config.integer(Registry.MAX_REQUESTS);
        long limit = maxRequests <= 0 ? Long.MAX_VALUE
                : maxRequests + ThreadLocalRandom.current().nextInt(config.integer(Registry.MAX_REQUESTS_JITTER) + 1);
        return config.encode() + String.join("\n",
                "spawn.app=" + AppTarget.workerApp(config),
                "spawn.class_path=" + appClassPath(config),
                "spawn.generation=" + generation,
                "spawn.age=" + age,
                "spawn.spare=" + spare,
                "spawn.listeners=" + listeners,
                "spawn.max_requests=" + limit,
                "spawn.master_pid=" + ProcessHandle.current().pid()) + metricsLines;
    }

    /**
     * The worker JVM's options. Small-worker defaults (research D: SerialGC, a heap sized for N workers; the
     * virtual worker's poller mode) come first and are left out where a --jvm-opt says otherwise, since HotSpot refuses two
     * collectors.
     */
    List<String> jvmOptions(Config config, int workers) {
        return jvmOptions(config, workers, AppAotCache.Choice.NONE);
    }

    /** The same, with the application's AOT cache in place of junicorn's own when there is one to use or record. */
    List<String> jvmOptions(Config config, int workers, AppAotCache.Choice aot) {
        List<String> user = config.list(Registry.JVM_OPT);
        List<String> options = new ArrayList<>();
        options.add("-Djava.class.path=" + classPath());
        options.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        if (user.stream().noneMatch(option -> option.matches("-XX:\\+Use\\w*GC"))) {
            options.add("-XX:+UseSerialGC");
        }
        List<String> userMaxHeap = user.stream().filter(option -> option.startsWith("-Xmx")
                || option.startsWith("-XX:MaxHeapSize") || option.startsWith("-XX:MaxRAM")).toList();
        long heap;
        if (userMaxHeap.isEmpty()) {
            heap = heapMiB(config.string(Registry.WORKER_HEAP), workers);
            options.add("-Xmx" + heap + "m");
        } else if (userMaxHeap.getLast().matches("-Xmx[0-9]+[kKmMgG]")) {
            heap = heapMiB(userMaxHeap.getLast().substring(4), workers);
        } else {
            heap = 0; // a maximum heap junicorn cannot read: the young generation and initial heap are HotSpot's
        }
        // A young generation of its own size: sized from the initial heap, SerialGC's was 2.4 MiB, too small for
        // a request's garbage, which was promoted and grew the old generation to 40-100 MiB under wrk, where a
        // worker's live data is under 12 MiB. Fixed, the old generation holds only what lives.
        long young = youngMiB(heap);
        if (heap > 0 && user.stream().noneMatch(option -> option.startsWith("-Xmn") || option.startsWith("-XX:NewSize")
                || option.startsWith("-XX:MaxNewSize") || option.startsWith("-XX:NewRatio"))) {
            options.add("-Xmn" + young + "m");
        }
        if (heap > 0 && user.stream().noneMatch(option -> option.startsWith("-Xms")
                || option.startsWith("-XX:InitialHeapSize"))) {
            // room beside the young generation for the AOT cache's archived objects, which the JVM refuses to
            // start without ("archived heap objects cannot be loaded") when the old generation is too small
            options.add("-Xms" + Math.min(heap, 2 * young) + "m");
        }
        if (javaMajor(libjvm(config)) >= 22
                && user.stream().noneMatch(option -> option.startsWith("-XX:TrimNativeHeapInterval"))) {
            // hands the C heap's free pages back (malloc_trim) once a second: the compilers' arenas grow while
            // the JIT warms up and are freed after, which glibc alone keeps resident
            options.add("-XX:TrimNativeHeapInterval=1000");
        }
        if (Registry.workerClass(config).equals("virtual")
                && user.stream().noneMatch(option -> option.startsWith("-Djdk.pollerMode="))) {
            // platform poller threads: the virtual worker's keep-alive throughput was higher in every interleaved
            // run on 2 cores than with the JDK's default, virtual-thread pollers (docs/performance.md, "Engine
            // tuning"); the other worker classes do their I/O on platform threads, which no poller serves
            options.add("-Djdk.pollerMode=1");
        }
        // one cache per JVM: the application's, recorded by a worker's boot, holds junicorn's classes too
        aot.option().or(() -> workerAotCache(config, user).map(cache -> "-XX:AOTCache=" + cache))
                .ifPresent(options::add);
        options.add("-Djunicorn.home=" + home);
        options.addAll(user);
        return options;
    }

    /**
     * The AOT cache scripts/build recorded, for workers on the JDK that recorded it (another JDK would
     * ignore it anyway) and unless a --jvm-opt chooses its own archive.
     */
    private java.util.Optional<Path> workerAotCache(Config config, List<String> user) {
        Path cache = home.resolve("lib/worker.aot");
        if (user.stream().anyMatch(WorkerSpawner::choosesArchive) || !libjvm(config).equals(defaultLibjvm) || !Files.isRegularFile(cache)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(cache);
    }

    /** A --jvm-opt that chooses the worker's class data archive, or none, itself. */
    static boolean choosesArchive(String option) {
        return option.startsWith("-XX:AOT") || option.startsWith("-XX:SharedArchiveFile") || option.startsWith("-Xshare");
    }

    /**
     * junicorn's own jars, and only those (their manifests bring the libraries): the application gets a class
     * loader of its own in the worker (ApplicationLoader), so that it never sees junicorn's implementation or its
     * Logback, and the AOT cache, which serves only a class path that begins as the one it was recorded with,
     * serves every application.
     */
    private String classPath() {
        return String.join(":", workerClassPath());
    }

    private List<String> workerClassPath() {
        return List.of(home.resolve("lib/junicorn-worker.jar").toString(),
                home.resolve("lib/junicorn-servlet.jar").toString(), home.resolve("lib/jakarta.servlet-api.jar").toString(),
                home.resolve("lib/junicorn-websocket.jar").toString(),
                home.resolve("lib/jakarta.websocket-api.jar").toString(),
                home.resolve("lib/jakarta.websocket-client-api.jar").toString());
    }

    private static String appClassPath(Config config) {
        List<String> entries = new ArrayList<>();
        for (Path entry : AppTarget.classPath(config)) {
            entries.add(entry.toString());
        }
        return String.join(":", entries);
    }

    /** The feature release of the Java runtime LIBJVM belongs to (its release file), 0 when unknown. */
    static int javaMajor(String libjvm) {
        Path release = Path.of(libjvm).toAbsolutePath().getParent().getParent().getParent().resolve("release");
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    return Integer.parseInt(line.substring("JAVA_VERSION=\"".length()).split("[.\"]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no release file: options that need a newer runtime are left out
        }
        return 0;
    }

    /** A quarter of the heap, at most 16 MiB: enough that wrk's requests die young (docs/performance.md). */
    static long youngMiB(long heapMiB) {
        return Math.max(1, Math.min(16, heapMiB / 4));
    }

    /** auto: half the memory this cgroup (or machine) may use, shared by the workers; never below 64 MiB. */
    static long heapMiB(String setting, int workers) {
        if (!setting.equals("auto")) {
            long amount = Long.parseLong(setting.substring(0, setting.length() - 1));
            return switch (Character.toLowerCase(setting.charAt(setting.length() - 1))) {
                case 'k' -> Math.max(1, amount / 1024);
                case 'g' -> amount * 1024;
                default -> amount;
            };
        }
        return Math.max(64, availableMemory() / 2 / Math.max(1, workers) / MIB);
    }

    private static long availableMemory() {
        long physical = physicalMemory();
        try {
            String limit = Files.readString(Path.of("/sys/fs/cgroup/memory.max")).trim();
            if (!limit.equals("max")) {
                return Math.min(physical, Long.parseLong(limit));
            }
        } catch (IOException | NumberFormatException e) {
            // no cgroup v2 limit visible: the machine's memory is the budget
        }
        return physical;
    }

    private static long physicalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to the JVM's view
        }
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
    }
}
