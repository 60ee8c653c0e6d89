package io.junicorn.master.arbiter;

import io.junicorn.common.ErrorLog;
import io.junicorn.common.ExitStatus;
import io.junicorn.common.WorkerState;
import io.junicorn.common.hooks.GuardedHooks;
import io.junicorn.common.hooks.WorkerView;
import io.junicorn.hooks.WorkerExit;
import io.junicorn.master.os.ExitInfo;
import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;
import io.junicorn.master.os.Signal;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The master's control loop, gunicorn's arbiter: wait for a signal (at most a tick), handle it, reap, murder
 * the late, manage the count. Policy only; every process and socket operation goes through {@link Os}.
 */
public final class Arbiter implements MasterControl {
    private static final Logger log = LoggerFactory.getLogger(Arbiter.class);
    static final int IDLE_TICK_MILLIS = 1000;
    /** While a worker boots or stops the loop looks at the heartbeats often, so a reload or respawn is prompt. */
    static final int BUSY_TICK_MILLIS = 20;

    private final Os os;
    private final WorkerSpawner spawner;
    private final Supplier<Config> configSource;
    private final WorkerTable workers = new WorkerTable();
    private final BinaryUpgrade upgrade;
    private final DaemonReadiness readiness;
    private boolean served;
    private final Map<Integer, Generation> generations = new LinkedHashMap<>();
    private Generation current;
    private int targetWorkers;
    private GuardedHooks hooks;
    private HeartbeatRegion heartbeat;
    private int signalFd;
    private Pidfile pidfile;
    private long spawnCount;
    private final SpawnPolicy spawnPolicy = new SpawnPolicy();
    private FileDescriptorLimit fdLimit;
    private long lastLoopNanos = System.nanoTime();
    private long lastMemoryCheckNanos;
    private final long startNanos = System.nanoTime();
    private final java.util.Queue<Runnable> commands = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Status status = new Status(ProcessHandle.current().pid(), 0, 0, 0, List.of());
    private volatile Generation published;
    private final SystemdNotifier systemd;
    private final Optional<SocketActivation> activation;
    private final OrphanReaper orphans;

    /** A reload's unit: the settings and listeners one set of workers was started with. */
    private record Generation(int number, Config config, List<Listener> listeners) {
    }

    /**
     * @param args        the master's command line, which a USR2 re-execution repeats
     * @param environment the master's environment, where a re-executed master finds JUNICORN_FD and JUNICORN_PID
     */
    public Arbiter(Os os, WorkerSpawner spawner, Supplier<Config> configSource, List<String> args,
                   Map<String, String> environment) {
        this.os = os;
        this.spawner = spawner;
        this.configSource = configSource;
        this.upgrade = new BinaryUpgrade(os, args, environment);
        this.readiness = new DaemonReadiness(os);
        long pid = ProcessHandle.current().pid();
        this.systemd = new SystemdNotifier(os::sdNotify, pid, upgrade.upgradedFrom());
        systemd.enableWatchdog(environment, pid);
        this.activation = SocketActivation.fromEnvironment(environment, pid);
        this.orphans = OrphanReaper.needed(pid) ? new OrphanReaper(os, pid) : null;
    }


    /**
     * Runs until a signal or a worker's boot failure halts the server; returns the exit status.
     *
     * @param hooks the hooks loaded from config (Main loads them, so a bad class is a config error before start)
     */
    public int run(Config config, GuardedHooks hooks) {
        this.hooks = hooks;
        try {
            start(config);
            while (true) {
                try {
                    os.waitSignal(signalFd, tickMillis()).ifPresent(this::handle);
                    runCommands();
                    reapWorkers();
                    observeHeartbeats();
                    murderWorkers();
                    recycleLargeWorkers();
                    manageWorkers();
                    systemd.observe(current.number(), workers.readyCount(current.number()), targetWorkers);
                    systemd.watchdog(System.nanoTime());
                } catch (NativeException | RuntimeException e) {
                    if (e instanceof HaltServer halt) {
                        throw halt;
                    }
                    log.error("master loop error: {}", e.toString(), e);
                }
                lastLoopNanos = System.nanoTime();
                status = snapshot();
                published = current;
            }
        } catch (HaltServer halt) {
            return halt(halt);
        }
    }

    private void start(Config config) {
        log.info("Starting junicorn {}", io.junicorn.common.Version.VERSION);
        hooks.onStarting(new MasterView(ProcessHandle.current().pid(), config, config.integer(Registry.WORKERS_COUNT)));
        try {
            fdLimit = FileDescriptorLimit.raise(os);
            fdLimit.check(config);
            signalFd = os.openSignals();
            heartbeat = new HeartbeatRegion(os);
            List<Listener> listeners = activation.isPresent() ? adoptActivatedSockets()
                    : Listener.bindAll(os, config.binds(), config.integer(Registry.BACKLOG),
                    config.flag(Registry.REUSE_PORT), upgrade.inheritedListeners());
            current = new Generation(1, config, listeners);
            generations.put(1, current);
            published = current;
        } catch (NativeException e) {
            throw new HaltServer(e.getMessage(), ExitStatus.CONFIG_ERROR, true);
        } catch (SettingsException e) {
            throw new HaltServer(e.getMessage(), ExitStatus.CONFIG_ERROR, true);
        } catch (InterruptedException e) {
            throw new HaltServer("interrupted while binding", ExitStatus.CONFIG_ERROR, true);
        }
        if (!config.string(Registry.PIDFILE).isEmpty()) {
            try {
                pidfile = Pidfile.create(config.string(Registry.PIDFILE));
            } catch (SettingsException e) {
                throw new HaltServer(e.getMessage(), ExitStatus.CONFIG_ERROR, true);
            }
        }
        long pid = ProcessHandle.current().pid();
        for (Listener listener : current.listeners()) {
            log.info("Listening at: {} ({})", shownUrl(listener, config), pid); // tests read the port from this line
        }
        log.info("Using worker: {}", Registry.workerClass(config));
        setTargetWorkers(config.integer(Registry.WORKERS_COUNT));
        setProcessTitle();
        hooks.whenReady(master()); // gunicorn's point: listening, no worker yet
        manageWorkers();
    }

    private List<Listener> adoptActivatedSockets() throws NativeException {
        List<Listener> listeners = activation.orElseThrow().adopt(os);
        log.info("Socket activation: serving on {} socket(s) from systemd (LISTEN_FDS, names: {}); bind is not used",
                listeners.size(), String.join(", ", activation.orElseThrow().names()));
        return listeners;
    }

    private int tickMillis() {
        return workers.anyBootingOrStopping() ? BUSY_TICK_MILLIS : IDLE_TICK_MILLIS;
    }

    private void handle(Signal signal) {
        if (signal != Signal.CHLD) {
            log.info("Handling signal: {}", signal.name().toLowerCase(java.util.Locale.ROOT));
        }
        switch (signal) {
            case TERM -> throw new HaltServer("signal TERM", ExitStatus.OK, true);
            case INT, QUIT -> throw new HaltServer("signal " + signal.name(), ExitStatus.OK, false);
            case HUP -> startNewGeneration();
            case TTIN -> changeWorkerCount(targetWorkers + 1);
            case TTOU -> changeWorkerCount(SpawnPolicy.fewer(targetWorkers, 1));
            case USR1 -> reopenLogFiles();
            case USR2 -> reexecute();
            case WINCH -> stopAllWorkers();
            default -> { }
        }
    }

    private void runCommands() {
        for (Runnable command = commands.poll(); command != null; command = commands.poll()) {
            command.run();
        }
    }

    /** Queues a command for the loop and wakes it with a CHLD to itself, which the loop reads as "look around". */
    private void submit(Runnable command) {
        commands.add(command);
        try {
            os.kill((int) ProcessHandle.current().pid(), Signal.CHLD);
        } catch (NativeException e) {
            log.warn("cannot wake the master loop: {}; the command runs within a second", e.getMessage());
        }
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public Config config() {
        Generation generation = published;
        return generation == null ? null : generation.config();
    }

    @Override
    public List<String> listeners() {
        Generation generation = published;
        return generation == null ? List.of()
                : generation.listeners().stream().map(listener -> shownUrl(listener, generation.config())).toList();
    }

    @Override
    public void stopWorker(int pid) {
        submit(() -> workers.all().stream().filter(worker -> worker.pid == pid).findFirst().ifPresentOrElse(worker -> {
            log.info("Stopping worker ({}) as the control socket asked", worker);
            retire(worker);
        }, () -> log.info("worker kill {}: no such worker (any more)", pid)));
    }

    @Override
    public void addWorkers(int count) {
        submit(() -> changeWorkerCount(targetWorkers + count));
    }

    @Override
    public void removeWorkers(int count) {
        submit(() -> changeWorkerCount(SpawnPolicy.fewer(targetWorkers, count)));
    }

    @Override
    public void reload() {
        submit(this::startNewGeneration);
    }

    @Override
    public void reopenLogs() {
        submit(this::reopenLogFiles);
    }

    @Override
    public void shutdown(boolean graceful) {
        submit(() -> {
            throw new HaltServer("the control socket's shutdown", ExitStatus.OK, graceful);
        });
    }

    private Status snapshot() {
        long now = System.nanoTime();
        List<WorkerStatus> list = new ArrayList<>();
        for (Worker worker : workers.all()) {
            list.add(new WorkerStatus(worker.pid, worker.generation, worker.age, (now - worker.spawnedNanos) / 1_000_000L,
                    worker.retiring() ? "stopping" : worker.state.name().toLowerCase(java.util.Locale.ROOT),
                    heartbeat.requests(worker.slot)));
        }
        return new Status(ProcessHandle.current().pid(), current.number(), targetWorkers,
                (now - startNanos) / 1_000_000L, List.copyOf(list));
    }

    private void changeWorkerCount(int count) {
        if (count != targetWorkers) {
            log.info("Number of workers: {} -> {}", targetWorkers, count);
            setTargetWorkers(count);
        }
    }

    /** Every change of the count goes through here, so nworkers_changed sees each (gunicorn's num_workers setter). */
    private void setTargetWorkers(int count) {
        int old = targetWorkers;
        targetWorkers = count;
        if (count != old) {
            hooks.nworkersChanged(master(), count, old);
        }
    }

    private MasterView master() {
        return new MasterView(ProcessHandle.current().pid(), current.config(), targetWorkers);
    }

    private static WorkerView view(Worker worker) {
        return new WorkerView(worker.pid, worker.age, worker.generation);
    }

    private void reopenLogFiles() {
        ErrorLog.reopen();
        signalAll(Signal.USR1);
    }

    /**
     * HUP: re-read the settings, start a new generation of workers, and retire the old one only once every
     * new worker reports ready (see observeHeartbeats), so no request finds nobody accepting. Every step that
     * can fail comes before anything running is changed, so a failed reload leaves the settings, hooks,
     * listeners and logging as they were; the logging goes last since it puts back what it replaced when it
     * fails, which the steps before it need not undo.
     */
    private void startNewGeneration() {
        Config config;
        GuardedHooks reloadedHooks = null;
        List<Listener> listeners = null;
        systemd.reloading(System.nanoTime() / 1000); // HotSpot's nanoTime is CLOCK_MONOTONIC, as MONOTONIC_USEC wants
        try {
            config = configSource.get();
            reloadedHooks = MasterHooks.load(config);
            // Socket activation: the .socket unit owns the addresses, bind is not used (also across reloads).
            listeners = activation.isPresent() ? current.listeners() : Listener.rebind(os, current.listeners(),
                    config.binds(), config.integer(Registry.BACKLOG), config.flag(Registry.REUSE_PORT));
            ErrorLog.configure(config);
        } catch (RuntimeException e) {
            log.error("Reload failed, keeping the running configuration: {}", e.getMessage()); // tests match this
            if (listeners != null) {
                Listener.closeAll(os, Listener.added(listeners, current.listeners()), true);
            }
            if (reloadedHooks != null) {
                reloadedHooks.close();
            }
            systemd.reloadFailed(current.number());
            return;
        }
        for (Listener listener : Listener.added(listeners, current.listeners())) {
            log.info("Listening at: {} ({})", shownUrl(listener, config), ProcessHandle.current().pid());
        }
        hooks.close();
        hooks = reloadedHooks;
        current = new Generation(current.number() + 1, config, listeners);
        generations.put(current.number(), current);
        fdLimit.check(config);
        setTargetWorkers(config.integer(Registry.WORKERS_COUNT));
        setProcessTitle();
        spawnPolicy.reset();
        log.info("Reloading: starting generation {} with {} workers", current.number(), targetWorkers);
        hooks.onReload(master());
    }

    /** USR2: a new master from the launcher on disk; this one keeps serving until it gets TERM (or WINCH). */
    private void reexecute() {
        upgrade.start(pidfile, current.listeners(), () -> hooks.preExec(master()));
        setProcessTitle();
    }

    /**
     * WINCH (gunicorn, Unicorn): a daemon's way to phase out its workers during an upgrade while the master stays,
     * ready to take over again (HUP or TTIN) if the new master is rolled back. In the foreground a terminal's
     * resize sends WINCH, so there it is ignored.
     */
    private void stopAllWorkers() {
        if (!current.config().flag(Registry.DAEMON)) {
            log.info("WINCH ignored: only a daemonized master stops its workers on WINCH");
            return;
        }
        log.info("WINCH: stopping every worker gracefully; the master stays (HUP or TTIN starts workers again)");
        setTargetWorkers(0);
        workers.all().forEach(this::retire);
    }

    private void reapWorkers() throws NativeException {
        if (upgrade.reap(pidfile).isPresent() || upgrade.checkPromotion()) {
            setProcessTitle();
        }
        for (Worker worker : workers.snapshot()) {
            Optional<ExitInfo> exit = os.reap(worker.pid);
            if (exit.isPresent()) {
                workers.remove(worker);
                heartbeat.release(worker.slot);
                spawner.workerExited(worker.pid, exit.get());
                workerExited(worker, exit.get());
                childExit(worker, exit.get()); // not reached when this exit halts the server, as in gunicorn
            }
        }
        closeUnusedGenerations();
        if (orphans != null) {
            orphans.reap(workers.all().stream().map(worker -> worker.pid).collect(java.util.stream.Collectors.toSet()),
                    System.nanoTime());
        }
    }

    private void workerExited(Worker worker, ExitInfo exit) {
        logExit(worker, exit);
        if (worker.booted() || worker.retiring()) {
            return;
        }
        if (worker.spare) { // the workers serve: a spare that cannot boot is retried, never a reason to halt
            long backoff = spawnPolicy.failed(System.nanoTime());
            log.warn("Worker ({}), a spare, exited before it booted; next spawn in {} ms", worker, backoff / 1_000_000);
            return;
        }
        if (exit.code() == ExitStatus.WORKER_BOOT_ERROR || exit.code() == ExitStatus.APP_LOAD_ERROR) {
            String reason = exit.code() == ExitStatus.APP_LOAD_ERROR ? "App failed to load." : "Worker failed to boot.";
            OptionalInt serving = workers.servingOlderGeneration(current.number());
            if (worker.generation == current.number() && serving.isPresent()) {
                rollBack(worker, reason, serving.getAsInt());
                return;
            }
            throw new HaltServer(reason, exit.code(), true);
        }
        long backoff = spawnPolicy.failed(System.nanoTime());
        log.warn("Worker ({}) exited before it was ready ({} in a row); next spawn in {} ms",
                worker, spawnPolicy.failures(), backoff / 1_000_000);
    }

    private void childExit(Worker worker, ExitInfo exit) {
        hooks.childExit(master(), view(worker), new WorkerExit(exit.code(), exit.signal()));
    }

    private void logExit(Worker worker, ExitInfo exit) {
        if (exit.signaled()) {
            if (exit.signal() == Signal.KILL.number && !worker.killSent) {
                log.error("Worker ({}) was sent SIGKILL! Perhaps out of memory?", worker);
            } else {
                log.info("Worker ({}) was sent {}", worker, exit);
            }
        } else if (exit.code() != 0) {
            log.error("Worker ({}) exited with code {}.", worker, exit.code());
        } else {
            log.debug("Worker ({}) exited", worker);
        }
    }

    /** A reload whose workers cannot boot keeps the generation that serves, instead of halting everything. */
    private void rollBack(Worker failed, String reason, int previous) {
        Generation abandoned = current;
        current = generations.get(previous);
        setTargetWorkers(current.config().integer(Registry.WORKERS_COUNT));
        setProcessTitle();
        log.error("Reload failed: {} Worker ({}) of generation {} could not boot; generation {} keeps serving",
                reason, failed, abandoned.number(), previous);
        systemd.reloadFailed(previous);
        workers.active(abandoned.number()).forEach(this::retire);
    }

    /** Notices workers that became ready, and completes a reload once the whole new generation is. */
    private void observeHeartbeats() {
        for (Worker worker : workers.observe(heartbeat::state, System.nanoTime())) {
            spawnPolicy.succeeded();
            restorePriority(worker);
            log.debug("Worker ({}) of generation {} is ready", worker, worker.generation);
        }
        if (!served && targetWorkers > 0 && workers.missing(current.number(), targetWorkers) == 0
                && workers.active(current.number()).stream().allMatch(worker -> worker.everReady)) {
            served = true;
            readiness.ready();
        }
        retireAotRecorder();
        List<Worker> old = workers.olderToRetire(current.number(), targetWorkers);
        if (!old.isEmpty()) {
            log.info("Generation {} is ready; retiring {} workers of older generations", current.number(), old.size());
            old.forEach(this::retire);
        }
    }

    /**
     * A worker that recorded the application's AOT cache writes it only when its JVM exits: it is retired once it
     * is ready (its boot recorded) and another worker serves, so that capacity never drops to nobody; with one
     * worker it writes the cache at its own end (a reload, max_requests, the master's stop).
     */
    private void retireAotRecorder() {
        for (Worker worker : workers.all()) {
            if (worker.state == WorkerState.READY && !worker.retiring() && spawner.recordsAppAotCache(worker.pid)
                    && workers.all().stream().anyMatch(other -> other != worker && other.state == WorkerState.READY
                            && !other.retiring())) {
                log.info("Worker ({}) recorded its boot for the application's AOT cache: retiring it so that it "
                        + "writes the cache", worker);
                retire(worker);
            }
        }
    }

    /** A worker that booted at a lower priority (worker_boot_nice) serves at the master's. */
    private void restorePriority(Worker worker) {
        Config config = generations.getOrDefault(worker.generation, current).config();
        if (WorkerSpawner.bootNiceIncrement(config) == 0) {
            return;
        }
        try {
            os.setPriority(worker.pid, MasterProcess.niceValue());
        } catch (NativeException e) {
            log.warn("Worker ({}) stays at its boot priority: {}", worker, e.getMessage());
        }
    }

    /** The master's own --timeout, --graceful-timeout and --boot-timeout, decided by the worker table. */
    private void murderWorkers() {
        long now = System.nanoTime();
        long timeoutMillis = current.config().millis(Registry.TIMEOUT);
        if (timeoutMillis > 0 && now - lastLoopNanos > timeoutMillis * 1_000_000L) {
            log.warn("The master itself was stopped for {} ms (suspend?); not judging workers this tick",
                    (now - lastLoopNanos) / 1_000_000);
            return;
        }
        for (WorkerTable.Verdict verdict : workers.judge(now, worker -> heartbeat.tickMillis(worker.slot),
                this::timeoutsOf)) {
            if (verdict.action() == WorkerTable.Action.KILL) {
                kill(verdict.worker(), verdict.reason());
            } else {
                log.error("WORKER TIMEOUT ({}): {}", verdict.worker(), verdict.reason());
                verdict.worker().abortSentNanos = now;
                send(verdict.worker(), Signal.ABRT);
            }
        }
    }

    /**
     * max_worker_memory: once a second at most (reading a worker's PSS walks its page tables), the worker whose
     * PSS has stayed above the limit is retired gracefully, as max_requests retires one, and replaced.
     */
    private void recycleLargeWorkers() {
        long limit = Registry.maxWorkerMemory(current.config());
        long now = System.nanoTime();
        if (limit == 0 || now - lastMemoryCheckNanos < IDLE_TICK_MILLIS * 1_000_000L) {
            return;
        }
        lastMemoryCheckNanos = now;
        workers.overMemory(current.number(), limit, worker -> os.memory(worker.pid), now).ifPresent(worker -> {
            log.warn("Worker ({}) uses {} MiB (PSS), above max_worker_memory {} MiB for {} s: retiring it gracefully",
                    worker, worker.memoryBytes >> 20, limit >> 20, (now - worker.overMemorySinceNanos) / 1_000_000_000L);
            worker.retiredForMemory = true;
            retire(worker);
        });
    }

    private WorkerTable.Timeouts timeoutsOf(int generation) {
        Config config = generations.getOrDefault(generation, current).config();
        return new WorkerTable.Timeouts(config.millis(Registry.TIMEOUT), config.millis(Registry.GRACEFUL_TIMEOUT),
                config.millis(Registry.BOOT_TIMEOUT));
    }

    /**
     * Calls standing-by spares to serve in place of missing workers, spawns the current generation up to the
     * target, as many at once as worker_boot_concurrency lets while workers serve, and retires the oldest beyond
     * it (TTOU); then the same for the spares, which boot once the workers are ready.
     */
    private void manageWorkers() {
        int generation = current.number();
        int bootConcurrency = current.config().integer(Registry.WORKER_BOOT_CONCURRENCY);
        workers.surplus(generation, targetWorkers).forEach(this::retire);
        workers.surplusSpares(generation, spareTarget()).forEach(this::retire);
        for (Worker spare : workers.callSpares(generation, targetWorkers)) {
            log.info("Worker ({}), a spare, serves in place of a missing worker", spare);
            send(spare, Signal.USR2);
        }
        for (int spawnable = workers.spawnable(generation, targetWorkers, bootConcurrency, upgrade.oldMasterServes());
             spawnable > 0 && spawnPolicy.maySpawn(System.nanoTime()); spawnable--) {
            spawnWorker(false);
        }
        for (int spawnable = workers.sparesSpawnable(generation, targetWorkers, spareTarget(), bootConcurrency);
             spawnable > 0 && spawnPolicy.maySpawn(System.nanoTime()); spawnable--) {
            spawnWorker(true);
        }
    }

    /** spare_workers, while there are workers to stand in for (WINCH and TTOU to 0 leave none). */
    private int spareTarget() {
        return targetWorkers == 0 ? 0 : current.config().integer(Registry.SPARE_WORKERS);
    }

    /** The slot goes back whatever fails, or it would stay taken until the master exits. */
    private void spawnWorker(boolean spare) {
        int slot = heartbeat.allocate();
        long age = spawnCount + 1;
        try {
            hooks.preFork(master(), new WorkerView(0, age, current.number()));
            int pid = spawner.spawn(current.config(), current.listeners(), heartbeat.fd(), slot, current.number(),
                    age, targetWorkers + spareTarget(), spare);
            spawnCount = age;
            workers.add(new Worker(pid, slot, current.number(), age, System.nanoTime(), spare));
            log.debug("Spawned {} (pid:{}) in slot {}", spare ? "a spare" : "worker", pid, slot);
        } catch (NativeException e) {
            spawnFailed(slot, e.getMessage(), null);
        } catch (RuntimeException e) { // a bug, or a setting the spawn cannot use: logged with its stack
            spawnFailed(slot, e.toString(), e);
        }
    }

    private void spawnFailed(int slot, String why, Throwable stack) {
        heartbeat.release(slot);
        long backoff = spawnPolicy.failed(System.nanoTime());
        log.error("Cannot spawn a worker: {}; next spawn in {} ms", why, backoff / 1_000_000, stack);
    }

    private void retire(Worker worker) {
        if (worker.stopSentNanos == 0) {
            worker.stopSentNanos = System.nanoTime();
            send(worker, Signal.TERM);
        }
    }

    private void kill(Worker worker, String why) {
        log.error("Worker ({}) {}: sending SIGKILL", worker, why);
        worker.killSent = true;
        send(worker, Signal.KILL);
    }

    private void send(Worker worker, Signal signal) {
        try {
            os.kill(worker.pid, signal);
        } catch (NativeException e) {
            log.error("kill({}, {}) failed: {}", worker.pid, signal, e.getMessage());
        }
    }

    private void signalAll(Signal signal) {
        workers.all().forEach(worker -> send(worker, signal));
    }

    /**
     * Forgets the generations that have no worker left, and closes the master's copies of their listeners that
     * no remaining generation uses (a reload removed them from bind): only now, since an old worker serves the
     * listeners it was started with until it exits.
     */
    private void closeUnusedGenerations() {
        List<Listener> unused = new ArrayList<>();
        for (Generation generation : new ArrayList<>(generations.values())) {
            if (generation != current && !workers.hasGeneration(generation.number())) {
                generations.remove(generation.number());
                unused.addAll(generation.listeners());
            }
        }
        List<Listener> closing = Listener.added(unused.stream().distinct().toList(), allListeners());
        for (Listener listener : closing) {
            log.info("Closing listener {}: no generation uses it any more", listener.url()); // tests match this
        }
        Listener.closeAll(os, closing, true);
    }

    /** Each listener once: generations share the ones a reload kept. */
    private List<Listener> allListeners() {
        return generations.values().stream().flatMap(generation -> generation.listeners().stream()).distinct()
                .toList();
    }

    private void setProcessTitle() {
        try {
            os.setProcessTitle("junicorn: master " + (upgrade.childRunning() ? "(old) [" : "[")
                    + current.config().procName() + "]");
        } catch (NativeException e) {
            log.debug("process title not set: {}", e.getMessage());
        }
    }

    /**
     * Graceful: workers get TERM and graceful_timeout to finish; quick (or an INT/QUIT during a graceful
     * stop): QUIT. Whatever is left then gets KILL.
     */
    private int halt(HaltServer halt) {
        log.info("Shutting down: Master");
        if (upgrade.childRunning()) {
            systemd.handOver(); // the new master from USR2 is the service now; it must not see STOPPING=1
        }
        systemd.stopping();
        if (halt.status != ExitStatus.OK) {
            log.error("Reason: {}", halt.getMessage());
        }
        if (!served) {
            readiness.failed(halt.whyNotStarted());
        }
        if (current != null) {
            stopWorkers(halt.graceful);
            if (!upgrade.childRunning()) { // after a USR2 the new master serves on the same unix sockets
                Listener.removeSocketFiles(allListeners());
            }
        }
        if (pidfile != null) {
            pidfile.remove();
        }
        if (current != null) {
            hooks.onExit(master());
        }
        return halt.status;
    }

    private void stopWorkers(boolean graceful) {
        Listener.closeAll(os, allListeners(), false);
        signalAll(graceful ? Signal.TERM : Signal.QUIT);
        long deadline = System.nanoTime() + current.config().millis(Registry.GRACEFUL_TIMEOUT) * 1_000_000L;
        while (!workers.isEmpty() && System.nanoTime() < deadline) {
            try {
                Optional<Signal> signal = os.waitSignal(signalFd, BUSY_TICK_MILLIS);
                if (graceful && signal.isPresent() && (signal.get() == Signal.INT || signal.get() == Signal.QUIT)) {
                    log.info("Handling signal: {}; stopping quickly", signal.get().name().toLowerCase(java.util.Locale.ROOT));
                    graceful = false;
                    signalAll(Signal.QUIT);
                    deadline = Math.min(deadline, System.nanoTime() + 2_000_000_000L);
                }
                for (Worker worker : workers.snapshot()) {
                    Optional<ExitInfo> exit = os.reap(worker.pid);
                    if (exit.isPresent()) {
                        workers.remove(worker);
                        logExit(worker, exit.get());
                        childExit(worker, exit.get());
                    }
                }
            } catch (NativeException e) {
                log.error("while stopping workers: {}", e.getMessage());
            }
        }
        killRemaining();
    }

    private void killRemaining() {
        workers.all().forEach(worker -> kill(worker, "did not stop within the graceful timeout"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!workers.isEmpty() && System.nanoTime() < deadline) {
            for (Worker worker : workers.snapshot()) {
                try {
                    Optional<ExitInfo> exit = os.reap(worker.pid);
                    if (exit.isPresent()) {
                        workers.remove(worker);
                        childExit(worker, exit.get());
                    }
                } catch (NativeException e) {
                    workers.remove(worker);
                }
            }
            try {
                os.waitSignal(signalFd, BUSY_TICK_MILLIS);
            } catch (NativeException e) {
                log.error("while reaping killed workers: {}", e.getMessage());
                return;
            }
        }
    }

    /** The listener's URL as clients use it: https when TLS is on, as gunicorn logs it. */
    private static String shownUrl(Listener listener, Config config) {
        String url = listener.url();
        if (config.string(Registry.CERTFILE).isEmpty() || !url.startsWith("http://")) {
            return url;
        }
        return "https://" + url.substring("http://".length());
    }
}
