package io.junicorn.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.net.SyslogAppender;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.net.SyslogAppenderBase;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.Status;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import io.junicorn.common.settings.SettingsException;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The error log of the master and of every worker, in gunicorn's format so operators' greps keep working:
 * {@code [2026-11-24 10:00:00 +0000] [1234] [INFO] Booting worker with pid: 1234}. Installed through
 * logback's Configurator service (no XML to parse at start-up) on stderr; {@link #configure(Config)} then
 * applies the logging settings, in the master after it read them (and at every reload) and in each worker.
 */
public final class ErrorLog extends ContextAwareBase implements Configurator {
    static final String PATTERN = "[%d{yyyy-MM-dd HH:mm:ss Z}] [%property{pid}] [%level] %msg%n";
    /** The logger the access log writes to: its own appender, never the error log's. */
    public static final String ACCESS_LOGGER = "junicorn.access";

    /** The settings in force, put back when a reload's logging settings cannot be applied. */
    private static Config applied;

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        context.putProperty("pid", Long.toString(ProcessHandle.current().pid()));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console(context, "System.err", textEncoder(context, PATTERN)));
        // java.util.logging is the JDK's, one per JVM, and what code without a logging library of its own writes
        // to (System.Logger, Jersey, hooks): its records join the error log, in its format, as Tomcat's JULI puts
        // them in catalina.out. An application's own SLF4J, Logback or Log4j2 are its own and not affected; a
        // root handler other than a lone ConsoleHandler also keeps Spring Boot from bridging JUL into the app's.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Applies loglevel, errorlog, log_format, logconfig, syslog and capture_output, and checks the access
     * log's file and format so that a mistake stops the master at start rather than every worker at boot.
     * When the settings cannot be applied the previous ones stay in force.
     *
     * @throws SettingsException naming the setting, its value and what is wrong, in one line
     */
    public static synchronized void configure(Config config) {
        check(config);
        LoggerContext context = context();
        try {
            apply(context, config);
        } catch (SettingsException e) {
            restore(context);
            throw e;
        }
        applied = config;
    }

    /** What can be found wrong without touching the logging in force. */
    private static void check(Config config) {
        checkWritable(Registry.ERRORLOG, config.string(Registry.ERRORLOG));
        String accessLog = config.string(Registry.ACCESSLOG);
        if (!accessLog.isEmpty()) {
            checkWritable(Registry.ACCESSLOG, accessLog);
            try {
                AccessLogFormat.compile(config.string(Registry.ACCESS_LOG_FORMAT));
            } catch (IllegalArgumentException e) {
                throw invalid(Registry.ACCESS_LOG_FORMAT, config.string(Registry.ACCESS_LOG_FORMAT), e.getMessage());
            }
        }
        String logConfig = config.string(Registry.LOGCONFIG);
        if (!logConfig.isEmpty() && !Files.isReadable(Path.of(logConfig))) {
            throw invalid(Registry.LOGCONFIG, logConfig, "no such readable file");
        }
        if (config.flag(Registry.SYSLOG)) {
            syslogAddress(config);
            try {
                SyslogAppenderBase.facilityStringToint(config.string(Registry.SYSLOG_FACILITY).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(Registry.SYSLOG_FACILITY, config.string(Registry.SYSLOG_FACILITY),
                        "unknown facility (user, daemon, local0 ... local7, ...)");
            }
        }
    }

    /**
     * A file log is opened for appending here first, as gunicorn's check_is_writeable does: logback would
     * create missing directories, which hides a mistyped path.
     */
    public static void checkWritable(Setting setting, String path) {
        if (path.equals("-")) {
            return;
        }
        try {
            Files.newOutputStream(Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        } catch (NoSuchFileException e) {
            throw invalid(setting, path, "cannot open for appending: no such directory");
        } catch (AccessDeniedException e) {
            throw invalid(setting, path, "cannot open for appending: permission denied");
        } catch (IOException | RuntimeException e) {
            throw invalid(setting, path, "cannot open for appending: " + e.getMessage());
        }
    }

    private static void apply(LoggerContext context, Config config) {
        resetKeepingCounters(context);
        context.putProperty("pid", Long.toString(ProcessHandle.current().pid()));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(parseLevel(config.string(Registry.LOGLEVEL)));
        String logConfig = config.string(Registry.LOGCONFIG);
        if (!logConfig.isEmpty()) {
            joran(context, logConfig);
        } else {
            String errorLog = config.string(Registry.ERRORLOG);
            Encoder<ILoggingEvent> encoder = config.string(Registry.LOG_FORMAT).equals("json")
                    ? jsonEncoder(context) : textEncoder(context, PATTERN);
            root.addAppender(errorLog.equals("-") ? console(context, "System.err", encoder)
                    : file(context, Registry.ERRORLOG, errorLog, encoder));
            if (config.flag(Registry.SYSLOG)) {
                root.addAppender(syslog(context, config));
            }
        }
        String errorLog = config.string(Registry.ERRORLOG);
        try {
            CapturedOutput.capture(config.flag(Registry.CAPTURE_OUTPUT) && !errorLog.equals("-") ? errorLog : null);
        } catch (IOException e) {
            throw invalid(Registry.ERRORLOG, errorLog, "cannot capture output into it: " + e.getMessage());
        }
    }

    /** A reset drops turbo filters too; the StatsD log counters belong to the process, not to a log setup. */
    private static void resetKeepingCounters(LoggerContext context) {
        List<TurboFilter> counters = context.getTurboFilterList().stream()
                .filter(filter -> filter instanceof io.junicorn.common.metrics.LogCounter).toList();
        context.reset(); // stops them as well
        for (TurboFilter counter : counters) {
            counter.start();
            context.addTurboFilter(counter);
        }
    }

    /** A logback file of the operator's replaces junicorn's setup; ${pid} is this process's pid there. */
    private static void joran(LoggerContext context, String path) {
        long since = System.currentTimeMillis();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        try {
            joran.doConfigure(path);
        } catch (JoranException e) {
            throw invalid(Registry.LOGCONFIG, path, e.getMessage());
        }
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == Status.ERROR && status.getTimestamp() >= since) {
                throw invalid(Registry.LOGCONFIG, path, status.getMessage()
                        + (status.getThrowable() == null ? "" : ": " + status.getThrowable().getMessage()));
            }
        }
    }

    /** Puts back the settings that were in force, or junicorn's default on stderr at start. */
    private static void restore(LoggerContext context) {
        if (applied != null) {
            try {
                apply(context, applied);
                return;
            } catch (SettingsException e) {
                // the file that worked before is gone: stderr, so the failure itself is still seen
            }
        }
        resetKeepingCounters(context);
        new ErrorLog().configure(context);
    }

    public static Encoder<ILoggingEvent> textEncoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonLineLayout layout = new JsonLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /** {@code System.err} or {@code System.out}, looked up at every write so a captured stream is honoured. */
    public static Appender<ILoggingEvent> console(LoggerContext context, String target, Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(target);
        console.setTarget(target);
        console.setEncoder(encoder);
        console.start();
        return console;
    }

    /** A file appended to, flushed at every event, reopened on USR1. */
    public static Appender<ILoggingEvent> file(LoggerContext context, Setting setting, String path,
                                               Encoder<ILoggingEvent> encoder) {
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName(setting.name());
        file.setFile(path);
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        if (!file.isStarted()) {
            throw invalid(setting, path, "cannot open for appending");
        }
        return file;
    }

    /** gunicorn's syslog line: {@code junicorn.PREFIX.error: [PID] message}, PREFIX the proc name. */
    private static Appender<ILoggingEvent> syslog(LoggerContext context, Config config) {
        SyslogAddress address = syslogAddress(config);
        String prefix = config.string(Registry.SYSLOG_PREFIX).isEmpty()
                ? config.procName().replace(':', '.') : config.string(Registry.SYSLOG_PREFIX);
        SyslogAppender syslog = address.isUnix() ? new UnixSyslogAppender(unixSocket(config, address))
                : new SyslogAppender();
        syslog.setContext(context);
        syslog.setName("syslog");
        if (!address.isUnix()) {
            syslog.setSyslogHost(address.host());
            syslog.setPort(address.port());
        }
        syslog.setFacility(config.string(Registry.SYSLOG_FACILITY).toUpperCase(Locale.ROOT));
        syslog.setSuffixPattern("junicorn." + prefix.replace("%", "\\%") + ".error: [%property{pid}] %msg");
        syslog.start();
        if (!syslog.isStarted()) {
            throw invalid(Registry.SYSLOG_ADDR, config.string(Registry.SYSLOG_ADDR), "cannot open a socket to it");
        }
        return syslog;
    }

    /** A mistyped path stops the start here, rather than losing every line later. */
    private static UnixDatagramSocket unixSocket(Config config, SyslogAddress address) {
        if (!Files.exists(Path.of(address.unixPath()))) {
            throw invalid(Registry.SYSLOG_ADDR, config.string(Registry.SYSLOG_ADDR), "no such socket");
        }
        try {
            return UnixDatagramSocket.open(address.unixPath());
        } catch (IOException e) {
            throw invalid(Registry.SYSLOG_ADDR, config.string(Registry.SYSLOG_ADDR), e.getMessage());
        }
    }

    private static SyslogAddress syslogAddress(Config config) {
        try {
            return SyslogAddress.parse(config.string(Registry.SYSLOG_ADDR));
        } catch (IllegalArgumentException e) {
            throw invalid(Registry.SYSLOG_ADDR, config.string(Registry.SYSLOG_ADDR), e.getMessage());
        }
    }

    private static SettingsException invalid(Setting setting, String value, String problem) {
        return new SettingsException(setting.name() + " = " + value + ": " + problem);
    }

    /** Sets the level of every junicorn and application logger: debug, info, warning, error, critical. */
    public static void setLevel(String name) {
        root().setLevel(parseLevel(name));
    }

    static Level parseLevel(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warning", "warn" -> Level.WARN;
            case "error", "critical" -> Level.ERROR;
            default -> throw new IllegalArgumentException("unknown log level " + name);
        };
    }

    /**
     * USR1: reopen every log file of every logger (junicorn's, the access log's, those of a --log-config
     * file) and the captured output, so logrotate can move them without copytruncate. Each file is
     * swapped under its appender's lock, so no line written meanwhile is lost.
     */
    public static void reopen() {
        Set<Appender<ILoggingEvent>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Logger logger : context().getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof FileAppender<ILoggingEvent> file && seen.add(file) && file.isStarted()) {
                    try {
                        file.openFile(file.getFile());
                    } catch (IOException e) {
                        LoggerFactory.getLogger(ErrorLog.class).error("cannot reopen {}: {}", file.getFile(), e.toString());
                    }
                }
            }
        }
        try {
            CapturedOutput.reopen();
        } catch (IOException e) {
            LoggerFactory.getLogger(ErrorLog.class).error("cannot reopen the captured output: {}", e.toString());
        }
    }

    private static LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
