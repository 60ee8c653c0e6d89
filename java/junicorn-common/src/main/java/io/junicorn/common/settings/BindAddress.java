package io.junicorn.common.settings;

/**
 * One {@code bind} entry: {@code HOST:PORT}, {@code [IPv6]:PORT}, {@code HOST} (port 8000, as gunicorn),
 * {@code unix:PATH} or {@code fd://N} (a listening socket the caller passed, gunicorn's form). Host names are
 * resolved when the socket is bound, not here.
 *
 * @param fd the descriptor of fd://N, -1 for the other forms
 */
public record BindAddress(String host, int port, String unixPath, int fd) {
    private static final int DEFAULT_PORT = 8000;
    private static final String FD_PREFIX = "fd://";

    public BindAddress(String host, int port, String unixPath) {
        this(host, port, unixPath, -1);
    }

    public static BindAddress parse(String text) {
        if (text.startsWith(FD_PREFIX)) {
            String fd = text.substring(FD_PREFIX.length());
            // 0, 1 and 2 are standard input, output and error, never a listener
            if (!fd.matches("[0-9]{1,7}") || Integer.parseInt(fd) < 3) {
                throw new IllegalArgumentException("'" + text + "': fd:// takes a descriptor number, 3 or more");
            }
            return new BindAddress(null, 0, null, Integer.parseInt(fd));
        }
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

    public boolean isFd() {
        return fd >= 0;
    }

    /** How the address is shown to operators: http://127.0.0.1:8000, http://[::1]:8000, unix:/path. */
    public String url(int boundPort) {
        if (isUnix()) {
            return "unix:" + unixPath;
        }
        if (isFd()) {
            return FD_PREFIX + fd;
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + boundPort;
    }
}
