package io.junicorn.master;

import io.junicorn.common.ErrorLog;
import io.junicorn.common.ExitStatus;
import io.junicorn.common.UnixDatagramSocket;
import io.junicorn.common.Version;
import io.junicorn.common.hooks.GuardedHooks;
import io.junicorn.master.arbiter.Arbiter;
import io.junicorn.master.arbiter.MasterHooks;
import io.junicorn.master.arbiter.WorkerSpawner;
import io.junicorn.master.control.ControlClient;
import io.junicorn.master.control.ControlSocket;
import io.junicorn.master.metrics.Metrics;
import io.junicorn.master.os.Os;
import io.junicorn.master.reload.ChangeWatcher;
import io.junicorn.master.reload.ReloadCommand;
import io.junicorn.master.settings.AppCheck;
import io.junicorn.master.settings.AppTarget;
import io.junicorn.master.settings.CommandLineArgs;
import io.junicorn.master.settings.ConfigLoader;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The master's entry point, called by the launcher in master mode inside the master's JVM: read the
 * settings, then hand over to the arbiter. Exit statuses: docs/exit-codes.md.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("ctl")) {
            System.exit(ControlClient.run(List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("reload")) {
            System.exit(ReloadCommand.run(List.of(args).subList(1, args.length)));
        }
        System.exit(run(List.of(args), System.getenv()));
    }

    static int run(List<String> args, Map<String, String> environment) {
        Config config;
        GuardedHooks hooks;
        Os os;
        try {
            CommandLineArgs commandLine = CommandLineArgs.parse(args, "command line");
            if (commandLine.help()) {
                System.out.print(CommandLineArgs.usage());
                return ExitStatus.OK;
            }
            if (commandLine.version()) {
                System.out.println("junicorn " + Version.VERSION);
                return ExitStatus.OK;
            }
            config = ConfigLoader.load(commandLine, environment);
            if (commandLine.printConfig()) {
                System.out.print(config.describe());
                return ExitStatus.OK;
            }
            if (commandLine.checkConfig()) {
                AppCheck.check(config);
                return ExitStatus.OK;
            }
            if (config.app() == null) {
                System.err.println("junicorn: error: no application given; usage: junicorn [OPTIONS] APP, "
                        + "or app in the config file (see --help)");
                return ExitStatus.USAGE_ERROR;
            }
            AppTarget.check(config);
            ChangeWatcher.checkNotDaemon(config);
            ProcessSetup.relaunchIfNeeded(config, args);
            os = Os.load(home());
            UnixDatagramSocket.install(os.unixDatagrams());
            ErrorLog.configure(config);
            hooks = MasterHooks.load(config);
        } catch (CommandLineArgs.UsageException e) {
            System.err.println("junicorn: error: " + e.getMessage() + " (see --help)");
            return ExitStatus.USAGE_ERROR;
        } catch (SettingsException e) {
            System.err.println("junicorn: error: " + e.getMessage());
            return ExitStatus.CONFIG_ERROR;
        }
        try {
            ProcessSetup.prepareMaster(os, config);
            WorkerSpawner spawner = new WorkerSpawner(os, home(),
                    System.getProperty("junicorn.launcher"), System.getProperty("junicorn.libjvm"));
            Arbiter arbiter = new Arbiter(os, spawner, () -> ConfigLoader.reload(args, environment), args, environment);
            return runWithEndpoints(config, hooks, arbiter, spawner);
        } catch (SettingsException e) {
            System.err.println("junicorn: error: " + e.getMessage());
            return ExitStatus.CONFIG_ERROR;
        } catch (RuntimeException | LinkageError e) {
            log.error("junicorn master failed: {}", e.toString(), e);
            return ExitStatus.INTERNAL_ERROR;
        }
    }

    /** The installation the launcher runs from: bin/, lib/. */
    private static Path home() {
        return Path.of(System.getProperty("junicorn.home"));
    }

    /** The arbiter, with the metrics and the control socket serving from threads of their own until it returns. */
    @SuppressWarnings("try") // the resources are used by their threads, not in the block; closing removes the socket
    private static int runWithEndpoints(Config config, GuardedHooks hooks, Arbiter arbiter, WorkerSpawner spawner) {
        try (Metrics metrics = Metrics.start(config, arbiter, spawner);
             ControlSocket control = ControlSocket.open(config, arbiter);
             ChangeWatcher watcher = ChangeWatcher.start(config, arbiter)) {
            return arbiter.run(config, hooks);
        }
    }
}
