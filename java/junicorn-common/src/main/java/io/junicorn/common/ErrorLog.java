package io.junicorn.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.LoggerFactory;

import java.util.Iterator;

/**
 * The error log of the master and of every worker, in gunicorn's format so operators' greps keep working:
 * {@code [2026-11-24 10:00:00 +0000] [1234] [INFO] Booting worker with pid: 1234}. Installed through
 * logback's Configurator service (no XML to parse at start-up); stderr unless configured otherwise.
 */
public final class ErrorLog extends ContextAwareBase implements Configurator {
    static final String PATTERN = "[%d{yyyy-MM-dd HH:mm:ss Z}] [%property{pid}] [%level] %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        context.putProperty("pid", Long.toString(ProcessHandle.current().pid()));
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
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

    /** USR1: reopen every log file, so logrotate can move them without copytruncate. */
    public static void reopen() {
        for (Iterator<Appender<ILoggingEvent>> it = root().iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof FileAppender<ILoggingEvent> file) {
                file.stop();
                file.start();
            }
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
