package io.junicorn.common;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code --log-format json}: one JSON object per line with the fields log shippers index,
 * {@code {"time":"2026-11-24T10:00:00.123+01:00","level":"INFO","pid":1234,"logger":"...","message":"..."}}
 * plus {@code "exception"} (the stack trace as text) when there is one. logback's own JsonEncoder writes
 * epoch numbers, its context and every MDC key under other names, which is not what a line per event
 * for {@code jq} or Loki wants.
 */
final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private final long pid = ProcessHandle.current().pid();
    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        line.append("{\"time\":\"").append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone)));
        line.append("\",\"level\":\"").append(event.getLevel());
        line.append("\",\"pid\":").append(pid);
        line.append(",\"logger\":");
        string(line, event.getLoggerName());
        line.append(",\"message\":");
        string(line, event.getFormattedMessage());
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            line.append(",\"exception\":");
            string(line, ThrowableProxyUtil.asString(throwable));
        }
        return line.append("}\n").toString();
    }

    /** A JSON string (RFC 8259 §7): quote, backslash and control characters escaped. */
    static void string(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
