package io.junicorn.servlet;

import jakarta.servlet.http.MappingMatch;

/**
 * One Servlet URL pattern (Servlet 6.1 section 12.2): {@code ""} the context root, {@code /} the default
 * servlet, {@code /prefix/*} a path prefix, {@code *.ext} an extension, anything else starting with {@code /}
 * an exact path. Matching works on the decoded, normalised path inside the context.
 */
record UrlPattern(String text, MappingMatch kind, String value) {

    static UrlPattern parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a URL pattern is null");
        }
        if (text.isEmpty()) {
            return new UrlPattern(text, MappingMatch.CONTEXT_ROOT, "");
        }
        if (text.equals("/")) {
            return new UrlPattern(text, MappingMatch.DEFAULT, "");
        }
        if (text.startsWith("*.") && text.indexOf('/') < 0 && text.length() > 2) {
            return new UrlPattern(text, MappingMatch.EXTENSION, text.substring(1));
        }
        if (text.startsWith("/") && text.endsWith("/*")) {
            String prefix = text.substring(0, text.length() - 2);
            if (prefix.contains("*")) {
                throw new IllegalArgumentException("invalid URL pattern " + text + ": one * only, at the end");
            }
            return new UrlPattern(text, MappingMatch.PATH, prefix);
        }
        if (text.startsWith("/") && !text.contains("*")) {
            return new UrlPattern(text, MappingMatch.EXACT, text);
        }
        throw new IllegalArgumentException("invalid URL pattern " + text
                + ": use /exact, /prefix/*, *.ext, / or the empty string");
    }

    /** Whether this pattern selects {@code path} (filters use this; servlets go through ServletMapper's order). */
    boolean matches(String path) {
        return switch (kind) {
            case CONTEXT_ROOT -> path.equals("/") || path.isEmpty();
            case DEFAULT -> true;
            case EXACT -> path.equals(value);
            case PATH -> path.equals(value) || path.startsWith(value + "/") || value.isEmpty();
            case EXTENSION -> lastSegment(path).endsWith(value);
        };
    }

    static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
