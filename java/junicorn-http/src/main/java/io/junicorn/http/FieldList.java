package io.junicorn.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Field lines being collected, in order, and the parsing of one field line (RFC 9112 §5) under the
 * options: names with '_' ({@code header_map}), whitespace before the colon ({@code strip_header_spaces}),
 * obs-fold continuations ({@code permit_obsolete_folding}).
 */
final class FieldList {
    private final ParserOptions options;
    private String[] names = new String[16];
    private String[] values = new String[16];
    private int size;
    /** The last field line was dropped by header_map = drop: its continuations are dropped too. */
    private boolean lastDropped;

    FieldList(ParserOptions options) {
        this.options = options;
    }

    /**
     * Starts the next head. The strings of the last one stay in the arrays as candidates: a client sends the
     * same field lines again and again on one connection, and an equal line reuses them (see {@link #text}).
     */
    void clear() {
        size = 0;
        lastDropped = false;
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
     * Parses {@code line[0..length)} as {@code field-name ":" OWS field-value OWS} and appends it, unless
     * header_map drops it. Refuses whitespace before the colon (unless strip_header_spaces), non-token
     * names and CTLs in the value. A line starting with whitespace is the caller's to handle.
     */
    void parse(byte[] line, int length) {
        int colon = 0;
        boolean underscore = false;
        while (colon < length && Ascii.is(line[colon], Ascii.TCHAR)) {
            underscore |= line[colon] == '_';
            colon++;
        }
        int nameEnd = colon;
        if (options.stripHeaderSpaces()) {
            while (colon < length && Ascii.isWhitespace(line[colon])) {
                colon++;
            }
        }
        if (colon == length) {
            throw HttpException.badRequest("field line without a colon (RFC 9112 §5)");
        }
        if (line[colon] != ':') {
            throw HttpException.badRequest(Ascii.isWhitespace(line[colon])
                    ? "whitespace between field name and colon (RFC 9112 §5.1)"
                    : "field name is not a token (RFC 9110 §5.1)");
        }
        if (nameEnd == 0) {
            throw HttpException.badRequest("empty field name (RFC 9110 §5.1)");
        }
        int start = colon + 1;
        int end = trimmedEnd(line, start, length);
        start = value(line, start, end);
        if (underscore && options.headerMap() != ParserOptions.HeaderMap.DANGEROUS) {
            if (options.headerMap() == ParserOptions.HeaderMap.REFUSE) {
                throw HttpException.badRequest("'_' in a field name (header_map = refuse)");
            }
            lastDropped = true;
            return;
        }
        lastDropped = false;
        if (size >= options.maxFields()) {
            throw new HttpException(431, "too many header fields (limit_request_fields)");
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        String name = names[size];
        if (name == null || !Ascii.sameText(name, line, 0, nameEnd)) {
            String common = CommonNames.find(line, 0, nameEnd);
            name = common != null ? common : new String(line, 0, nameEnd, StandardCharsets.ISO_8859_1);
        }
        names[size] = name;
        values[size] = text(values[size], line, start, end - start);
        size++;
    }

    /**
     * An obs-fold continuation of the last field (permit_obsolete_folding): its content joins the value
     * after one SP, as gunicorn and RFC 9112 §5.2 ("replace each received obs-fold with one or more SP").
     */
    void fold(byte[] line, int length) {
        int end = trimmedEnd(line, 0, length);
        int start = value(line, 0, end);
        if (lastDropped || start == end) {
            return;
        }
        String more = new String(line, start, end - start, StandardCharsets.ISO_8859_1);
        String value = values[size - 1];
        values[size - 1] = value.isEmpty() ? more : value + " " + more;
    }

    /**
     * {@code b[off, off + len)} as ISO-8859-1 text: {@code previous} (the string at this place in the last
     * head) when it holds exactly those bytes, else a new string.
     */
    private static String text(String previous, byte[] b, int off, int len) {
        if (previous != null && Ascii.sameText(previous, b, off, len)) {
            return previous;
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    boolean isEmpty() {
        return size == 0 && !lastDropped;
    }

    private static int trimmedEnd(byte[] line, int start, int end) {
        while (end > start && Ascii.isWhitespace(line[end - 1])) {
            end--;
        }
        return end;
    }

    /** Checks the value bytes and returns where the value starts, after the leading OWS. */
    private static int value(byte[] line, int start, int end) {
        while (start < end && Ascii.isWhitespace(line[start])) {
            start++;
        }
        for (int i = start; i < end; i++) {
            byte b = line[i];
            if (!Ascii.is(b, Ascii.FIELD_VCHAR) && !Ascii.isWhitespace(b)) {
                throw HttpException.badRequest("control character in a field value (RFC 9110 §5.5)");
            }
        }
        return start;
    }
}
