package io.junicorn.worker;

import io.junicorn.common.ErrorLog;
import io.junicorn.common.ExitStatus;
import io.junicorn.common.UnixDatagramSocket;
import io.junicorn.common.WorkerState;
import io.junicorn.common.app.ApplicationLoader;
import io.junicorn.common.app.WebArchive;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.worker.nio.NioWorker;
import io.junicorn.common.tls.ServerTls;
import io.junicorn.engine.tls.TlsServer;
import io.junicorn.worker.app.AppLoadException;
import io.junicorn.worker.app.AppResolver;
import io.junicorn.worker.app.BootNestedJars;
import io.junicorn.worker.app.ResolvedApp;
import io.junicorn.worker.jdkhttp.WorkerServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URLClassLoader;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process, started by the launcher in worker mode inside its own JVM: adopt the listeners, load
 * the application, report ready, serve until told to stop. Exit statuses follow gunicorn: 3 when the
 * worker cannot boot, 4 when the application cannot be loaded, which halt the master instead of making it
 * respawn in a loop.
 */
public final class WorkerMain {
    private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

    private WorkerMain() {
    }

    public static void main(String[] args) {
        WorkerConfig config;
        HeartbeatSlot heartbeat;
        List<ServerSocketChannel> listeners;
        WorkerClass workerClass;
        WorkerHooks hooks;
        AccessLog accessLog;
        TlsServer tls;
        ApplicationLoader appLoader;
        WebArchive war;
        try {
            config = WorkerConfig.fromEnvironment();
            UnixDatagramSocket.install(WorkerNatives.UNIX_DATAGRAMS);
            ErrorLog.configure(config.settings());
            accessLog = config.settings().string(Registry.ACCESSLOG).isEmpty() ? null : AccessLog.open(config.settings());
            heartbeat = new HeartbeatSlot(WorkerNatives.heartbeatSlot());
            heartbeat.pid(ProcessHandle.current().pid());
            heartbeat.state(WorkerState.BOOTING);
            log.info("Booting worker with pid: {}", ProcessHandle.current().pid());
            try {
                war = WebArchive.isWar(config.app()) ? WebArchive.unpack(Path.of(config.app())) : null;
                List<Path> classPath = new ArrayList<>(config.classPath());
                if (war != null) {
                    classPath.addAll(war.classPath());
                }
                appLoader = ApplicationLoader.open(classPath, WorkerMain.class.getClassLoader());
            } catch (ApplicationLoader.BadEntryException | IOException e) {
                log.error("App failed to load: {}", e.getMessage());
                WorkerSignals.halt(ExitStatus.APP_LOAD_ERROR);
                return;
            }
            // Before the worker starts any thread: each inherits it, so application code finds its own resources
            // and services (ServiceLoader, Spring, Jersey) on every thread it runs on: requests, async
            // completions, hooks, shutdown. junicorn's code names its own loader wherever it looks something up.
            Thread.currentThread().setContextClassLoader(appLoader);
            BootNestedJars.applicationLoader(appLoader);
            appLoader.reportShadowedApis(log);
            hooks = WorkerHooks.load(config, appLoader);
            hooks.postFork();
            listeners = InheritedListeners.adopt(config.listeners());
            tls = tls(config, hooks);
            WorkerServers.get().listeners(listeners);
            workerClass = workerClass(config.workerClass(), appLoader);
        } catch (WorkerHooks.BootHookFailed e) {
            log.error("Worker failed to boot: {}", e.getMessage(), e.getCause());
            WorkerSignals.halt(ExitStatus.WORKER_BOOT_ERROR);
            return;
        } catch (Exception | LinkageError e) {
            log.error("Worker failed to boot: {}", e.toString(), e);
            WorkerSignals.halt(ExitStatus.WORKER_BOOT_ERROR);
            return;
        }
        ResolvedApp app;
        try {
            app = new AppResolver(config.settings().millis(Registry.BOOT_TIMEOUT), appLoader).resolve(config.app(), war);
        } catch (AppLoadException e) {
            log.error("App failed to load: {}", e.getMessage(), e.getCause());
            WorkerSignals.halt(ExitStatus.APP_LOAD_ERROR);
            return;
        }
        try {
            hooks.postWorkerInit();
        } catch (WorkerHooks.BootHookFailed e) {
            log.error("Worker failed to boot: {}", e.getMessage(), e.getCause());
            WorkerSignals.halt(ExitStatus.WORKER_BOOT_ERROR);
            return;
        }
        WorkerContext context = new WorkerContext(listeners, app.handler(), config, heartbeat, tls);
        UnexpectedExits.watch(context);
        WorkerServers.get().onStop(() -> context.beginGracefulStop("The application stopped its HttpServer"));
        long requestTimeoutMillis = config.settings().millis(Registry.REQUEST_TIMEOUT);
        if (requestTimeoutMillis > 0) {
            RequestWatchdog watchdog = new RequestWatchdog(context, requestTimeoutMillis);
            context.observe(watchdog); // first: the pre_request hook's time counts
            watchdog.start();
        }
        if (!config.settings().string(Registry.HOOKS_CLASS).isEmpty()) {
            context.observe(hooks); // pre_request/post_request: nothing on the request path without --hooks
        }
        if (accessLog != null) {
            context.observe(accessLog);
        }
        WorkerMetrics.start(config, context::upgradedConnections).ifPresent(context::observe);
        new WorkerSignals(context, workerClass, hooks, config.masterPid()).start();
        WarmUp.run(context.engineConfig(true), List.of("virtual", "nio").contains(config.workerClass()));
        int status = ExitStatus.OK;
        if (!config.spare() || context.standBy()) {
            heartbeat.state(WorkerState.READY);
            try {
                workerClass.serve(context);
            } catch (Exception e) {
                log.error("Worker loop failed: {}", e.toString(), e);
                status = ExitStatus.INTERNAL_ERROR;
            }
        }
        log.info("Worker exiting (pid: {})", ProcessHandle.current().pid());
        app.close();
        hooks.workerExit();
        UnexpectedExits.exit(status);
    }

    /**
     * The TLS of every listener, or null when certfile is not set. The files are read here, as the worker boots,
     * so a HUP (which replaces every worker) serves renewed certificates; the master checked them already.
     */
    private static TlsServer tls(WorkerConfig config, WorkerHooks hooks) throws WorkerHooks.BootHookFailed {
        Config settings = config.settings();
        ServerTls files = ServerTls.load(settings);
        if (files == null) {
            return null;
        }
        log.info("TLS: serving {} (serial {}), protocols {}", files.chain().getFirst().getSubjectX500Principal().getName(),
                files.chain().getFirst().getSerialNumber().toString(16), String.join(",", files.protocols()));
        return new TlsServer(hooks.sslContext(files, settings), files.protocols(), files.cipherSuites(),
                TlsServer.ClientAuth.of(files.clientAuth()));
    }

    /**
     * {@code sync}, {@code gthread}, {@code virtual}, {@code nio}, or the name of a public WorkerClass with a no-arg
     * constructor. Such a class is part of the server, not of the application: it comes from the application's
     * class path, through a loader of its own whose parent is junicorn's, so that it sees the engine.
     */
    static WorkerClass workerClass(String name, ApplicationLoader appLoader) throws ReflectiveOperationException {
        return switch (name) {
            case "sync" -> new SyncWorker();
            case "gthread" -> new ThreadPoolWorker();
            case "virtual" -> new VirtualWorker();
            case "nio" -> new NioWorker();
            default -> {
                Class<?> type = Class.forName(name, true, new URLClassLoader(appLoader.getURLs(),
                        WorkerMain.class.getClassLoader()));
                if (!WorkerClass.class.isAssignableFrom(type)) {
                    throw new ClassCastException(name + " does not implement " + WorkerClass.class.getName());
                }
                try {
                    yield (WorkerClass) type.getConstructor().newInstance();
                } catch (InvocationTargetException e) {
                    throw new IllegalStateException(name + "() threw " + e.getCause(), e.getCause());
                }
            }
        };
    }
}
