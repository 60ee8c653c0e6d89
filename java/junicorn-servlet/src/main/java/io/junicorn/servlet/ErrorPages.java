package io.junicorn.servlet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The error pages. Servlet 6.1 declares them only in web.xml, which junicorn does not read, so an application
 * lists them in the context init parameter {@value #INIT_PARAMETER} (set from its initializer with
 * {@code ServletContext.setInitParameter}): comma-separated {@code 404=/not-found},
 * {@code java.io.IOException=/io-error} and one bare {@code /error} for every other error, the way Spring
 * Boot's default "/error" page works.
 */
record ErrorPages(Map<Integer, String> byStatus, Map<String, String> byException, String fallback) {
    static final String INIT_PARAMETER = "io.junicorn.servlet.error-pages";
    static final ErrorPages NONE = new ErrorPages(Map.of(), Map.of(), null);

    static ErrorPages parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        Map<Integer, String> byStatus = new LinkedHashMap<>();
        Map<String, String> byException = new LinkedHashMap<>();
        String fallback = null;
        for (String entry : text.split(",")) {
            String item = entry.strip();
            if (item.isEmpty()) {
                continue;
            }
            int equals = item.indexOf('=');
            String location = equals < 0 ? item : item.substring(equals + 1).strip();
            if (!location.startsWith("/")) {
                throw new IllegalArgumentException(INIT_PARAMETER + ": error page location " + location
                        + " must start with /");
            }
            if (equals < 0) {
                fallback = location;
                continue;
            }
            String key = item.substring(0, equals).strip();
            if (key.chars().allMatch(Character::isDigit) && !key.isEmpty()) {
                byStatus.put(Integer.parseInt(key), location);
            } else {
                byException.put(key, location);
            }
        }
        return new ErrorPages(Map.copyOf(byStatus), Map.copyOf(byException), fallback);
    }

    /** The page for a thrown exception: its class or the nearest superclass listed (section 10.9.2). */
    Optional<String> forException(Throwable error) {
        for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
            String location = byException.get(type.getName());
            if (location != null) {
                return Optional.of(location);
            }
        }
        return Optional.empty();
    }

    Optional<String> forStatus(int status) {
        String location = byStatus.get(status);
        return Optional.ofNullable(location != null ? location : fallback);
    }
}
