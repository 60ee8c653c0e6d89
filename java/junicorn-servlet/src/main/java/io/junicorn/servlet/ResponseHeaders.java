package io.junicorn.servlet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/** The application's response header fields: names compared without case, order and first spelling kept. */
final class ResponseHeaders {
    private record Field(String name, List<String> values) {
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    void set(String name, String value) {
        if (value == null) {
            fields.remove(key(name));
            return;
        }
        List<String> values = new ArrayList<>(1);
        values.add(value);
        fields.put(key(name), new Field(name, values));
    }

    void add(String name, String value) {
        if (value == null) {
            return;
        }
        fields.computeIfAbsent(key(name), k -> new Field(name, new ArrayList<>(1))).values().add(value);
    }

    String first(String name) {
        Field field = fields.get(key(name));
        return field == null ? null : field.values().getFirst();
    }

    List<String> all(String name) {
        Field field = fields.get(key(name));
        return field == null ? List.of() : List.copyOf(field.values());
    }

    boolean contains(String name) {
        return fields.containsKey(key(name));
    }

    List<String> names() {
        return fields.values().stream().map(Field::name).toList();
    }

    void clear() {
        fields.clear();
    }

    void forEach(BiConsumer<String, String> action) {
        for (Field field : fields.values()) {
            field.values().forEach(value -> action.accept(field.name(), value));
        }
    }
}
