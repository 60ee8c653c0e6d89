package io.junicorn.common;

import java.util.Locale;

/**
 * gunicorn's {@code --log-syslog-to} for what logback's SyslogAppender can do: {@code udp://HOST:PORT},
 * {@code udp://[IPv6]:PORT}, the port 514 when left out, localhost when the host is. gunicorn also takes
 * {@code unix://PATH} and {@code tcp://}; logback writes UDP datagrams only, so those are refused with a
 * way out instead of failing quietly later (rsyslog and syslog-ng both listen on UDP 514 when asked to).
 */
record SyslogAddress(String host, int port) {
    static final int DEFAULT_PORT = 514;

    static SyslogAddress parse(String address) {
        if (!address.startsWith("udp://")) {
            throw new IllegalArgumentException("only udp://HOST:PORT is supported (logback sends syslog over UDP); "
                    + "let the syslog daemon listen on UDP, e.g. rsyslog's imudp on localhost:514");
        }
        String rest = address.substring("udp://".length());
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in the IPv6 address");
            }
            host = rest.substring(1, close);
            port = rest.substring(close + 1);
            if (!port.isEmpty() && !port.startsWith(":")) {
                throw new IllegalArgumentException("expected :PORT after ]");
            }
            port = port.isEmpty() ? "" : port.substring(1);
        } else {
            int colon = rest.indexOf(':');
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? "" : rest.substring(colon + 1);
        }
        return new SyslogAddress(host.isEmpty() ? "localhost" : host.toLowerCase(Locale.ROOT), port(port));
    }

    private static int port(String text) {
        if (text.isEmpty()) {
            return DEFAULT_PORT;
        }
        if (!text.chars().allMatch(Character::isDigit) || text.length() > 5 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException(text + " is not a valid port number");
        }
        return Integer.parseInt(text);
    }
}
