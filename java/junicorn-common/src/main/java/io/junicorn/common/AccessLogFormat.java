package io.junicorn.common;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * gunicorn's {@code access_log_format}, compiled once into a list of parts so a request costs no parsing:
 * {@code %(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"} and the other atoms of gunicorn's
 * {@code glogging.Logger.atoms}, with its rules: double quotes inside a value are escaped as {@code \"},
 * an unknown atom renders as {@code -}, {@code {name}} atoms are case-insensitive.
 *
 * <p>Departure: gunicorn's {@code {NAME}e} reads the WSGI environ (request variables); a JVM application
 * has none, so junicorn reads the worker's process environment, as Apache's {@code %{NAME}e} does, except
 * for {@code {wsgi.url_scheme}e}, the request's scheme (https on a TLS connection), which gunicorn formats
 * use to log it. Only
 * Python's {@code %(NAME)s} and {@code %%} are understood: other conversions ({@code %(T)d}, widths) are
 * refused when the format is compiled, where gunicorn would log an error on every request.
 */
public final class AccessLogFormat {
    /** What a line is made of; the worker adapts its exchange to this. */
    public interface Request {
        /** The peer's address, as REMOTE_ADDR: an IP literal, or a Unix socket's peer name. */
        String remoteAddress();

        String method();

        /** The request-target exactly as received (gunicorn's RAW_URI). */
        String rawUri();

        /** The target's path, percent-decoded (PATH_INFO). */
        String path();

        /** The target's query, still encoded, or empty (QUERY_STRING). */
        String query();

        /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
        String protocol();

        /** The status sent, or -1 when none was. */
        int status();

        /** Body bytes sent. */
        long bodyBytes();

        long durationNanos();

        /** Every value of a request header, in order; empty when absent. Names are case-insensitive. */
        List<String> requestHeader(String name);

        /** Every value of a response header set by the application, in order; empty when absent. */
        List<String> responseHeader(String name);

        /** http or https, as the application sees it (wsgi.url_scheme). */
        default String scheme() {
            return "http";
        }
    }

    @FunctionalInterface
    private interface Part {
        void append(Request request, StringBuilder line);
    }

    private static final DateTimeFormatter CLF_DATE =
            DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ENGLISH);

    private final List<Part> parts;
    private final ZoneId zone;
    private final LongSupplier clockMillis;
    /** The {@code t} atom changes once a second: formatted once per second, not per request. */
    private volatile CachedDate date = new CachedDate(Long.MIN_VALUE, "");

    private record CachedDate(long epochSecond, String text) {
    }

    private AccessLogFormat(List<Part> parts, ZoneId zone, LongSupplier clockMillis) {
        this.parts = parts;
        this.zone = zone;
        this.clockMillis = clockMillis;
    }

    /** Compiles a format for this process (its pid and environment are fixed now) in the local time zone. */
    public static AccessLogFormat compile(String format) {
        return compile(format, ProcessHandle.current().pid(), System.getenv(), ZoneId.systemDefault(),
                System::currentTimeMillis);
    }

    /**
     * @throws IllegalArgumentException naming the position of a {@code %} sequence other than
     *                                  {@code %(NAME)s} or {@code %%}
     */
    static AccessLogFormat compile(String format, long pid, Map<String, String> environment, ZoneId zone,
                                   LongSupplier clockMillis) {
        Map<String, String> lowerCaseEnvironment = new java.util.HashMap<>();
        environment.forEach((name, value) -> lowerCaseEnvironment.put(name.toLowerCase(Locale.ROOT), value));
        List<Part> parts = new ArrayList<>();
        AccessLogFormat compiled = new AccessLogFormat(parts, zone, clockMillis);
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < format.length() && format.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            int close = closingParenthesis(format, i);
            if (close + 1 >= format.length() || format.charAt(close + 1) != 's') {
                throw new IllegalArgumentException("unsupported conversion at position " + (i + 1)
                        + ": only %(NAME)s and %% are understood");
            }
            if (!literal.isEmpty()) {
                String text = literal.toString();
                parts.add((request, line) -> line.append(text));
                literal.setLength(0);
            }
            parts.add(compiled.atom(format.substring(i + 2, close), pid, lowerCaseEnvironment));
            i = close + 2;
        }
        if (!literal.isEmpty()) {
            String text = literal.toString();
            parts.add((request, line) -> line.append(text));
        }
        return compiled;
    }

    /** Python's %-format counts nested parentheses in a key; so does this. */
    private static int closingParenthesis(String format, int percent) {
        if (percent + 1 >= format.length() || format.charAt(percent + 1) != '(') {
            throw new IllegalArgumentException("unsupported conversion at position " + (percent + 1)
                    + ": only %(NAME)s and %% are understood");
        }
        int depth = 0;
        for (int j = percent + 1; j < format.length(); j++) {
            char c = format.charAt(j);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return j;
            }
        }
        throw new IllegalArgumentException("unclosed %( at position " + (percent + 1));
    }

    private Part atom(String name, long pid, Map<String, String> environment) {
        if (name.startsWith("{")) {
            return bracedAtom(name.toLowerCase(Locale.ROOT), environment);
        }
        return switch (name) {
            case "h" -> (request, line) -> appendEscaped(line, request.remoteAddress());
            case "l" -> (request, line) -> line.append('-');
            case "u" -> (request, line) -> appendEscaped(line, basicAuthUser(joined(request.requestHeader("Authorization"))));
            case "t" -> (request, line) -> line.append(now());
            case "r" -> (request, line) -> appendEscaped(line, request.method() + ' ' + request.rawUri() + ' ' + request.protocol());
            case "s" -> (request, line) -> line.append(request.status() < 0 ? "-" : Integer.toString(request.status()));
            case "m" -> (request, line) -> appendEscaped(line, request.method());
            case "U" -> (request, line) -> appendEscaped(line, request.path());
            case "q" -> (request, line) -> appendEscaped(line, request.query());
            case "H" -> (request, line) -> appendEscaped(line, request.protocol());
            // gunicorn since 20.1 writes 0, not '-', for an empty body (test_atoms_zero_bytes)
            case "b", "B" -> (request, line) -> line.append(request.bodyBytes());
            case "f" -> (request, line) -> appendEscaped(line, orDash(joined(request.requestHeader("Referer"))));
            case "a" -> (request, line) -> appendEscaped(line, orDash(joined(request.requestHeader("User-Agent"))));
            case "T" -> (request, line) -> line.append(request.durationNanos() / 1_000_000_000L);
            case "D" -> (request, line) -> line.append(request.durationNanos() / 1_000L);
            case "M" -> (request, line) -> line.append(request.durationNanos() / 1_000_000L);
            case "L" -> (request, line) -> decimalSeconds(line, request.durationNanos() / 1_000L);
            case "p" -> {
                String text = "<" + pid + ">";
                yield (request, line) -> line.append(text);
            }
            default -> (request, line) -> line.append('-');
        };
    }

    /** {@code {name}i} request header, {@code {name}o} response header, {@code {name}e} environment. */
    private static Part bracedAtom(String key, Map<String, String> environment) {
        int close = key.lastIndexOf('}');
        String name = close > 0 ? key.substring(1, close) : "";
        String kind = close > 0 ? key.substring(close + 1) : "";
        return switch (kind) {
            // gunicorn builds a dict from the header list, so the last of repeated fields wins
            case "i" -> (request, line) -> appendEscaped(line, orDash(last(request.requestHeader(name))));
            case "o" -> (request, line) -> appendEscaped(line, orDash(last(request.responseHeader(name))));
            case "e" -> {
                if (name.equals("wsgi.url_scheme")) {
                    yield (request, line) -> appendEscaped(line, request.scheme());
                }
                String value = escape(orDash(environment.get(name)));
                yield (request, line) -> line.append(value);
            }
            default -> (request, line) -> line.append('-');
        };
    }

    /** The line for one request, without a line terminator. */
    public String format(Request request) {
        StringBuilder line = new StringBuilder(128);
        for (Part part : parts) {
            part.append(request, line);
        }
        return line.toString();
    }

    private String now() {
        long second = clockMillis.getAsLong() / 1000;
        CachedDate cached = date;
        if (cached.epochSecond() != second) {
            cached = new CachedDate(second, CLF_DATE.format(Instant.ofEpochSecond(second).atZone(zone)));
            date = cached;
        }
        return cached.text();
    }

    /** gunicorn's {@code L}: {@code "%d.%06d" % (seconds, microseconds)}. */
    private static void decimalSeconds(StringBuilder line, long micros) {
        String fraction = Long.toString(micros % 1_000_000L);
        line.append(micros / 1_000_000L).append('.');
        line.append("000000", 0, 6 - fraction.length()).append(fraction);
    }

    /**
     * gunicorn's {@code _get_user}: the user of {@code Authorization: Basic} (scheme case-insensitive), or
     * {@code -} when the header is absent or does not decode to UTF-8.
     */
    static String basicAuthUser(String authorization) {
        if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith("basic")) {
            return "-";
        }
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return "-";
        }
        try {
            // the MIME decoder skips characters outside the alphabet, as Python's b64decode does by default
            byte[] credentials = Base64.getMimeDecoder().decode(authorization.substring(space + 1).strip());
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(credentials)).toString();
            int colon = text.indexOf(':');
            return colon < 0 ? text : text.substring(0, colon);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return "-";
        }
    }

    /** As a WSGI environ holds repeated fields: joined with commas. */
    private static String joined(List<String> values) {
        return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(",", values);
    }

    private static String last(List<String> values) {
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static void appendEscaped(StringBuilder line, String value) {
        line.append(escape(value));
    }

    /** gunicorn's SafeAtoms: {@code "} becomes {@code \"}, so a value cannot end a quoted field early. */
    private static String escape(String value) {
        return value.indexOf('"') < 0 ? value : value.replace("\"", "\\\"");
    }
}
