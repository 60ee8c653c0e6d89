package io.junicorn.common;

import java.util.Locale;

/**
 * gunicorn's {@code --log-syslog-to}: {@code udp://HOST:PORT}, {@code udp://[IPv6]:PORT} (the port 514 when left
 * out, localhost when the host is), or {@code unix://PATH} and {@code unix://PATH#dgram} for a unix datagram socket
 * such as /dev/log. gunicorn also takes {@code tcp://} and {@code #stream}; junicorn sends datagrams only, so those
 * are refused with a way out instead of failing quietly later. {@code unixPath} is null for UDP.
 */
record SyslogAddress(String host, int port, String unixPath) {
    static final int DEFAULT_PORT = 514;
    private static final String UNIX = "unix://";

    static SyslogAddress parse(String address) {
        if (address.startsWith(UNIX)) {
            String path = address.substring(UNIX.length());
            if (path.endsWith("#dgram")) {
                path = path.substring(0, path.length() - "#dgram".length());
            } else if (path.contains("#")) {
                throw new IllegalArgumentException("only unix datagram sockets are supported: unix://PATH or "
                        + "unix://PATH#dgram (/dev/log is one)");
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("unix:// needs an absolute path, as in unix:///dev/log");
            }
            return new SyslogAddress(null, 0, path);
        }
        if (!address.startsWith("udp://")) {
            throw new IllegalArgumentException("only udp://HOST:PORT and unix://PATH are supported (syslog goes out "
                    + "as datagrams); let the syslog daemon listen on UDP or /dev/log");
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
        return new SyslogAddress(host.isEmpty() ? "localhost" : host.toLowerCase(Locale.ROOT), port(port), null);
    }

    boolean isUnix() {
        return unixPath != null;
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
