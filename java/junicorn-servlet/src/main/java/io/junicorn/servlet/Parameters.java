package io.junicorn.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * application/x-www-form-urlencoded decoding, for the query string and for form bodies. The request keeps
 * parameters as name to values, the query's values before the body's (Servlet 6.1 section 3.1).
 */
final class Parameters {
    private Parameters() {
    }

    /** Adds the pairs of {@code encoded} to {@code into}, decoding %XX escapes and '+' with {@code charset}. */
    static void parse(String encoded, Charset charset, Map<String, List<String>> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), charset);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), charset);
            into.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
    }

    /** Merges {@code later}'s values after {@code earlier}'s, name by name. */
    static Map<String, List<String>> merge(Map<String, List<String>> earlier, Map<String, List<String>> later) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        earlier.forEach((name, values) -> merged.put(name, new ArrayList<>(values)));
        later.forEach((name, values) -> merged.computeIfAbsent(name, key -> new ArrayList<>()).addAll(values));
        return merged;
    }

    /** Decodes one component; a malformed escape is kept as written, as Jetty and Tomcat's lenient mode do. */
    static String decode(String text, Charset charset) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < text.length()
                    && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) << 4 | Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(charset));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(charset);
    }

    /** getParameter over parsed parameters: the first value, or null. */
    static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** getParameterNames over parsed parameters. */
    static java.util.Enumeration<String> names(Map<String, List<String>> parameters) {
        return java.util.Collections.enumeration(List.copyOf(parameters.keySet()));
    }

    /** getParameterValues over parsed parameters: a fresh array, or null. */
    static String[] values(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null ? null : values.toArray(String[]::new);
    }

    /** getParameterMap over parsed parameters: an unmodifiable copy with fresh arrays. */
    static Map<String, String[]> asMap(Map<String, List<String>> parameters) {
        Map<String, String[]> map = new java.util.LinkedHashMap<>();
        parameters.forEach((name, values) -> map.put(name, values.toArray(String[]::new)));
        return java.util.Collections.unmodifiableMap(map);
    }
}
