package io.junicorn.master;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.SettingsException;
import io.junicorn.master.arbiter.WorkerSpawner;
import io.junicorn.master.os.Credentials;
import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * daemon, chdir, user and group for the master. Detaching and changing directory must happen before a JVM
 * exists, so the launcher does them (native/src/daemon.c, launcher.c) when the command line asks; when a config
 * file or JUNICORN_CMD_ARGS asks instead, the master re-executes the launcher once with JUNICORN_DAEMON and
 * JUNICORN_CHDIR set, before it has bound or logged anything.
 */
final class ProcessSetup {
    private static final Logger log = LoggerFactory.getLogger(ProcessSetup.class);

    private ProcessSetup() {
    }

    /**
     * Re-executes the launcher when a setting asks for what only it can do and it has not done it yet; returns
     * only when nothing is needed. A master started by USR2 (JUNICORN_PID) is detached already.
     */
    static void relaunchIfNeeded(Config config, List<String> args) {
        boolean daemon = config.flag(Registry.DAEMON) && System.getProperty("junicorn.daemon.ready_fd") == null
                && System.getenv("JUNICORN_PID") == null;
        String chdir = config.string(Registry.CHDIR);
        boolean changeDirectory = !chdir.isEmpty() && System.getProperty("junicorn.chdir") == null;
        if (!daemon && !changeDirectory || Boolean.getBoolean("junicorn.relaunched")) {
            return;
        }
        List<String> environment = new ArrayList<>();
        System.getenv().forEach((name, value) -> environment.add(name + "=" + value));
        if (daemon) {
            environment.add("JUNICORN_DAEMON=1");
        }
        if (changeDirectory) {
            environment.add("JUNICORN_CHDIR=" + Path.of(chdir).toAbsolutePath());
        }
        List<String> argv = new ArrayList<>();
        argv.add(System.getProperty("junicorn.command", "junicorn"));
        argv.addAll(args);
        try {
            Os.load(Path.of(System.getProperty("junicorn.home"))).exec(System.getProperty("junicorn.launcher"), argv,
                    environment);
        } catch (NativeException e) {
            throw new SettingsException("cannot re-execute the launcher for daemon or chdir: " + e.getMessage());
        }
    }

    /**
     * Before binding: checks that user and group exist (a mistyped name stops the start, exit 1), gives the log
     * files to them so workers can reopen the files (gunicorn chowns its log files the same way), and moves a
     * daemon's output to the error log file or /dev/null now that the logging is configured.
     */
    static void prepareMaster(Os os, Config config) {
        Credentials credentials = WorkerSpawner.credentials(config);
        try {
            os.checkCredentials(credentials);
        } catch (NativeException e) {
            throw new SettingsException("user/group/umask: " + e.getMessage());
        }
        if (credentials.changesIds()) {
            for (String file : List.of(config.string(Registry.ERRORLOG), config.string(Registry.ACCESSLOG))) {
                if (!file.isEmpty() && !file.equals("-")) {
                    giveTo(Path.of(file), credentials);
                }
            }
        }
        if (System.getProperty("junicorn.daemon.ready_fd") != null) {
            String errorLog = config.string(Registry.ERRORLOG);
            try {
                os.redirectOutput(errorLog.equals("-") ? "" : errorLog);
            } catch (NativeException e) {
                throw new SettingsException("errorlog = " + errorLog + ": " + e.getMessage());
            }
        }
    }

    private static void giveTo(Path file, Credentials credentials) {
        UserPrincipalLookupService names = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (credentials.user() != null) {
                view.setOwner(names.lookupPrincipalByName(credentials.user()));
            }
            if (credentials.group() != null) {
                view.setGroup(names.lookupPrincipalByGroupName(credentials.group()));
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("cannot give {} to the workers' user and group: {}; workers may fail to reopen it", file,
                    e.toString());
        }
    }
}
