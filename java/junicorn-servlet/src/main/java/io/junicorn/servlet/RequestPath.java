package io.junicorn.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * From the request-target's raw path to the path servlets are mapped by: path parameters (";jsessionid=...")
 * removed, percent-escapes decoded as UTF-8, "." and ".." segments resolved. A path that is malformed, climbs
 * above the root or hides a separator ("%2F", "%5C", NUL) is refused with 400 as Tomcat does, because
 * security filters and the servlet would otherwise disagree about which resource is meant.
 */
final class RequestPath {
    /** A request path the container refuses to map. */
    static final class BadPathException extends Exception {
        BadPathException(String message) {
            super(message);
        }
    }

    private RequestPath() {
    }

    /** The decoded, normalised path of {@code rawPath}. */
    static String decode(String rawPath) throws BadPathException {
        if (rawPath.isEmpty()) {
            return "/";
        }
        if (!rawPath.startsWith("/")) {
            throw new BadPathException("the path does not start with /");
        }
        StringBuilder decoded = new StringBuilder(rawPath.length());
        for (String segment : rawPath.substring(1).split("/", -1)) {
            int semicolon = segment.indexOf(';');
            String bare = semicolon < 0 ? segment : segment.substring(0, semicolon);
            decoded.append('/').append(percentDecode(bare));
        }
        String path = normalise(decoded.toString());
        if (path == null) {
            throw new BadPathException("the path climbs above the root");
        }
        return path;
    }

    /**
     * Resolves "." and ".." segments and collapses empty ones ("//"), or null when ".." would climb above the
     * root. Tomcat collapses them too, and frameworks such as Spring MVC do when they match handlers, so
     * "//admin/x" kept as it is would reach the same handler as "/admin/x" without passing a filter mapped to
     * "/admin/*".
     */
    static String normalise(String path) {
        return removeDotSegments(path, true);
    }

    /**
     * RFC 3986 section 5.2.4 for a path starting with "/": "." and ".." resolved, ".." stopping at the root.
     * With {@code strict} (a request's path, {@link #normalise}) empty segments collapse too and ".." above
     * the root gives null.
     */
    static String removeDotSegments(String path, boolean strict) {
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = path.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (strict && part.isEmpty() && !last) {
                continue;
            }
            if (!part.equals(".") && !part.equals("..")) {
                segments.addLast(part);
                continue;
            }
            if (part.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                } else if (strict) {
                    return null;
                }
            }
            if (last) {
                segments.addLast("");
            }
        }
        return "/" + String.join("/", segments);
    }

    private static String percentDecode(String segment) throws BadPathException {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                if (i + 2 >= segment.length()) {
                    throw new BadPathException("a truncated %-escape");
                }
                int high = Character.digit(segment.charAt(i + 1), 16);
                int low = Character.digit(segment.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new BadPathException("an invalid %-escape");
                }
                int b = high << 4 | low;
                if (b == '/' || b == '\\' || b == 0) {
                    throw new BadPathException("an escaped separator or NUL");
                }
                bytes.write(b);
                i += 2;
            } else {
                int codePoint = segment.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
