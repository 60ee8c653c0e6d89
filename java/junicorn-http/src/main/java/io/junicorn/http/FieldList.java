package io.junicorn.http;

import java.util.Arrays;

/** Field lines being collected, in order, and the parsing of one field line (RFC 9112 §5). */
final class FieldList {
    private String[] names = new String[16];
    private String[] values = new String[16];
    private int size;

    void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
    }

    int size() {
        return size;
    }

    String name(int index) {
        return names[index];
    }

    String[] names() {
        return Arrays.copyOf(names, size);
    }

    String[] values() {
        return Arrays.copyOf(values, size);
    }

    /**
     * Parses {@code line[0..length)} as {@code field-name ":" OWS field-value OWS} and appends it.
     * Refuses obs-fold, whitespace before the colon, non-token names and CTLs in the value.
     */
    void parse(byte[] line, int length, int maxFields) {
        if (length == 0) {
            throw new IllegalStateException("empty line is the end of the section, not a field");
        }
        if (Ascii.isWhitespace(line[0])) {
            throw HttpException.badRequest("obsolete line folding or whitespace before a field (RFC 9112 §5.2)");
        }
        int colon = 0;
        while (colon < length && Ascii.is(line[colon], Ascii.TCHAR)) {
            colon++;
        }
        if (colon == length) {
            throw HttpException.badRequest("field line without a colon (RFC 9112 §5)");
        }
        if (line[colon] != ':') {
            throw HttpException.badRequest(Ascii.isWhitespace(line[colon])
                    ? "whitespace between field name and colon (RFC 9112 §5.1)"
                    : "field name is not a token (RFC 9110 §5.1)");
        }
        if (colon == 0) {
            throw HttpException.badRequest("empty field name (RFC 9110 §5.1)");
        }
        int start = colon + 1;
        int end = length;
        while (start < end && Ascii.isWhitespace(line[start])) {
            start++;
        }
        while (end > start && Ascii.isWhitespace(line[end - 1])) {
            end--;
        }
        for (int i = start; i < end; i++) {
            byte b = line[i];
            if (!Ascii.is(b, Ascii.FIELD_VCHAR) && !Ascii.isWhitespace(b)) {
                throw HttpException.badRequest("control character in a field value (RFC 9110 §5.5)");
            }
        }
        if (size >= maxFields) {
            throw new HttpException(431, "too many header fields");
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = new String(line, 0, colon, java.nio.charset.StandardCharsets.ISO_8859_1);
        values[size] = new String(line, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        size++;
    }
}
