package io.junicorn.servlet;

import jakarta.servlet.http.MappingMatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses the servlet for a path by the Servlet specification's order (section 12.1): the context root,
 * then an exact match, then the longest path prefix, then an extension, then the default servlet.
 */
final class ServletMapper {
    private final Map<String, ServletHolder> exact = new ConcurrentHashMap<>();
    private final Map<String, ServletHolder> prefixes = new ConcurrentHashMap<>();
    private final Map<String, ServletHolder> extensions = new ConcurrentHashMap<>();
    private volatile ServletHolder contextRoot;
    private volatile ServletHolder defaultServlet;

    /** Adds {@code pattern} for {@code servlet}; false when another servlet already holds that pattern. */
    synchronized boolean add(UrlPattern pattern, ServletHolder servlet) {
        if (holderOf(pattern).isPresent()) {
            return false;
        }
        switch (pattern.kind()) {
            case CONTEXT_ROOT -> contextRoot = servlet;
            case DEFAULT -> defaultServlet = servlet;
            case EXACT -> exact.put(pattern.value(), servlet);
            case PATH -> prefixes.put(pattern.value(), servlet);
            case EXTENSION -> extensions.put(pattern.value(), servlet);
        }
        return true;
    }

    Optional<ServletHolder> holderOf(UrlPattern pattern) {
        return Optional.ofNullable(switch (pattern.kind()) {
            case CONTEXT_ROOT -> contextRoot;
            case DEFAULT -> defaultServlet;
            case EXACT -> exact.get(pattern.value());
            case PATH -> prefixes.get(pattern.value());
            case EXTENSION -> extensions.get(pattern.value());
        });
    }

    /** The mapping for a decoded, normalised path ("/" or starting with "/"), or empty: the container answers 404. */
    Optional<ServletMapping> map(String path) {
        if (path.equals("/") && contextRoot != null) {
            return Optional.of(new ServletMapping(contextRoot, "", MappingMatch.CONTEXT_ROOT, "", "", "/"));
        }
        ServletHolder holder = exact.get(path);
        if (holder != null) {
            return Optional.of(new ServletMapping(holder, path, MappingMatch.EXACT, path.substring(1), path, null));
        }
        String prefix = path;
        while (true) {
            holder = prefixes.get(prefix);
            if (holder != null) {
                String pathInfo = path.substring(prefix.length());
                return Optional.of(new ServletMapping(holder, prefix + "/*", MappingMatch.PATH,
                        pathInfo.isEmpty() ? "" : pathInfo.substring(1), prefix, pathInfo.isEmpty() ? null : pathInfo));
            }
            if (prefix.isEmpty()) {
                break;
            }
            prefix = prefix.substring(0, prefix.lastIndexOf('/'));
        }
        String last = UrlPattern.lastSegment(path);
        int dot = last.lastIndexOf('.');
        if (dot >= 0) {
            holder = extensions.get(last.substring(dot));
            if (holder != null) {
                return Optional.of(new ServletMapping(holder, "*" + last.substring(dot), MappingMatch.EXTENSION,
                        path.substring(1, path.length() - (last.length() - dot)), path, null));
            }
        }
        if (defaultServlet != null) {
            return Optional.of(new ServletMapping(defaultServlet, "/", MappingMatch.DEFAULT, "", path, null));
        }
        return Optional.empty();
    }

    /** The patterns held by {@code servlet}, for ServletRegistration.getMappings. */
    synchronized List<String> patternsOf(ServletHolder servlet) {
        List<String> patterns = new ArrayList<>();
        if (contextRoot == servlet) {
            patterns.add("");
        }
        if (defaultServlet == servlet) {
            patterns.add("/");
        }
        exact.forEach((path, holder) -> {
            if (holder == servlet) {
                patterns.add(path);
            }
        });
        prefixes.forEach((prefix, holder) -> {
            if (holder == servlet) {
                patterns.add(prefix + "/*");
            }
        });
        extensions.forEach((extension, holder) -> {
            if (holder == servlet) {
                patterns.add("*" + extension);
            }
        });
        return patterns;
    }
}
