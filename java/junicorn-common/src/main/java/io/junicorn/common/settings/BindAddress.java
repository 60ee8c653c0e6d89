package io.junicorn.common.settings;

/**
 * One {@code bind} entry: {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code HOST} (port 8000, as gunicorn) or
 * {@code unix:PATH}. Host names are resolved when the socket is bound, not here.
 */
public record BindAddress(String host, int port, String unixPath) {
    private static final int DEFAULT_PORT = 8000;

    public static BindAddress parse(String text) {
        if (text.startsWith("unix:")) {
            String path = text.substring("unix:".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("unix: needs a path, as in unix:/run/junicorn.sock");
            }
            return new BindAddress(null, 0, path);
        }
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' has no closing ']'");
            }
            String host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                return new BindAddress(host, DEFAULT_PORT, null);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected :PORT after ']' in '" + text + "'");
            }
            return new BindAddress(host, port(rest.substring(1), text), null);
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return new BindAddress(host(text), DEFAULT_PORT, null);
        }
        if (text.indexOf(':') != colon) {
            throw new IllegalArgumentException("write an IPv6 address in brackets, as in [::1]:8000");
        }
        String host = colon == 0 ? "0.0.0.0" : text.substring(0, colon);
        return new BindAddress(host(host), port(text.substring(colon + 1), text), null);
    }

    private static String host(String host) {
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.\\-_]+")) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or address");
        }
        return host;
    }

    private static int port(String port, String text) {
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("'" + port + "' in '" + text + "' is not a port (0-65535)");
        }
        return Integer.parseInt(port);
    }

    public boolean isUnix() {
        return unixPath != null;
    }

    /** How the address is shown to operators: http://127.0.0.1:8000, http://[::1]:8000, unix:/path. */
    public String url(int boundPort) {
        if (isUnix()) {
            return "unix:" + unixPath;
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort;
    }
}
