package io.junicorn.common.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * gunicorn's {@code log.error}, {@code log.warning} and {@code log.exception} counters: every warning or error
 * logged in this process, whatever the log level lets through, as gunicorn's Statsd logger counts them.
 * A turbo filter sees each logging call once, before any appender; it never filters anything.
 * logback has no CRITICAL level (junicorn maps critical to ERROR), so there is no {@code log.critical}.
 */
public final class LogCounter extends TurboFilter {
    private final StatsdClient statsd;

    private LogCounter(StatsdClient statsd) {
        this.statsd = statsd;
    }

    /** Counts this process's warnings and errors into the client's next flush. */
    public static void install(StatsdClient statsd) {
        LogCounter counter = new LogCounter(statsd);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        counter.setContext(context);
        counter.start();
        context.addTurboFilter(counter);
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // isWarnEnabled() and the like come here too, with no format: they log nothing, so they count nothing.
        if (format == null || level == null) {
            return FilterReply.NEUTRAL;
        }
        if (level == Level.WARN) {
            statsd.counter("log.warning", 1);
        } else if (level == Level.ERROR) {
            statsd.counter(hasThrowable(params, t) ? "log.exception" : "log.error", 1);
        }
        return FilterReply.NEUTRAL;
    }

    /** slf4j takes a trailing Throwable argument as the event's exception, as gunicorn's exc_info. */
    private static boolean hasThrowable(Object[] params, Throwable t) {
        return t != null || (params != null && params.length > 0 && params[params.length - 1] instanceof Throwable);
    }
}
