package io.junicorn.servlet;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The init parameters of one servlet or filter registration, with the Registration contract's rules:
 * a name already set is not replaced, null names and values are refused, and a batch with any conflict
 * sets nothing. The holder checks that the context has not started.
 */
final class InitParameters {
    private final Map<String, String> values = new LinkedHashMap<>();

    /** Sets {@code key} unless it is set already; true when it was set now. */
    boolean set(String key, String value) {
        requireNonNull(key, value);
        return values.putIfAbsent(key, value) == null;
    }

    /** Sets them all, or none when any name is set already: those names. */
    Set<String> setAll(Map<String, String> parameters) {
        Set<String> conflicts = new LinkedHashSet<>();
        parameters.forEach((key, value) -> {
            requireNonNull(key, value);
            if (values.containsKey(key)) {
                conflicts.add(key);
            }
        });
        if (conflicts.isEmpty()) {
            values.putAll(parameters);
        }
        return conflicts;
    }

    String get(String key) {
        return values.get(key);
    }

    /** A snapshot the caller may keep: later registrations do not show through it. */
    Map<String, String> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    Enumeration<String> names() {
        return Collections.enumeration(List.copyOf(values.keySet()));
    }

    private static void requireNonNull(String key, String value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("init parameter name and value must not be null");
        }
    }
}
