package io.junicorn.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.sun.net.httpserver.HttpExchange;
import io.junicorn.common.AccessLogFormat;
import io.junicorn.common.ErrorLog;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code --access-logfile}: one line per request in {@code --access-logformat}, written through the logger
 * {@value ErrorLog#ACCESS_LOGGER} to its own appender (the file, or stdout for {@code -}), which USR1
 * reopens with the error log. Registered only when the access log is on, so it costs nothing otherwise.
 */
final class AccessLog implements RequestObserver {
    private final AccessLogFormat format;
    private final Logger logger;

    private AccessLog(AccessLogFormat format, Logger logger) {
        this.format = format;
        this.logger = logger;
    }

    /** The master checked the file and the format already; a failure here is a boot error. */
    static AccessLog open(Config settings) {
        String target = settings.string(Registry.ACCESSLOG);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Encoder<ILoggingEvent> encoder = ErrorLog.textEncoder(context, "%msg%n");
        Logger logger = context.getLogger(ErrorLog.ACCESS_LOGGER);
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(target.equals("-") ? ErrorLog.console(context, "System.out", encoder)
                : ErrorLog.file(context, Registry.ACCESSLOG, target, encoder));
        return new AccessLog(AccessLogFormat.compile(settings.string(Registry.ACCESS_LOG_FORMAT)), logger);
    }

    @Override
    public void requestFinished(HttpExchange exchange, long bodyBytes, long durationNanos) {
        logger.info(format.format(new Entry(exchange, bodyBytes, durationNanos)));
    }

    @Override
    public String toString() {
        return "access log";
    }

    /** An exchange seen as gunicorn's WSGI environ and response. */
    private record Entry(HttpExchange exchange, long bodyBytes, long durationNanos) implements AccessLogFormat.Request {
        @Override
        public String remoteAddress() {
            return remoteAddress(exchange.getRemoteAddress());
        }

        @Override
        public String method() {
            return exchange.getRequestMethod();
        }

        @Override
        public String rawUri() {
            return exchange.getRequestURI().toString();
        }

        @Override
        public String path() {
            String path = exchange.getRequestURI().getPath();
            return path == null ? "" : path;
        }

        @Override
        public String query() {
            String query = exchange.getRequestURI().getRawQuery();
            return query == null ? "" : query;
        }

        @Override
        public String protocol() {
            return exchange.getProtocol();
        }

        @Override
        public int status() {
            return exchange.getResponseCode();
        }

        @Override
        public List<String> requestHeader(String name) {
            List<String> values = exchange.getRequestHeaders().get(name);
            return values == null ? List.of() : values;
        }

        @Override
        public List<String> responseHeader(String name) {
            List<String> values = exchange.getResponseHeaders().get(name);
            return values == null ? List.of() : values;
        }

        @Override
        public String scheme() {
            return exchange.getAttribute("io.junicorn.request.scheme") instanceof String scheme ? scheme : "http";
        }

        /** A Unix socket's peer is unresolved and named by its path, usually empty, as in gunicorn. */
        private static String remoteAddress(InetSocketAddress peer) {
            if (peer == null) {
                return "-";
            }
            InetAddress address = peer.getAddress();
            return address == null ? peer.getHostString() : IpText.of(address);
        }
    }
}
