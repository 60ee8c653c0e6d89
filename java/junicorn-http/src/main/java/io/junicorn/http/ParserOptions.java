package io.junicorn.http;

/**
 * gunicorn's request limits and compatibility switches, under gunicorn's names. Every switch is off by
 * default and each one relaxes a rule of RFC 9112 that gunicorn also enforces by default; docs/http.md
 * says what each one lets through.
 *
 * @param maxRequestLine {@code limit_request_line}: longest request line, CRLF excluded; 0 means no limit
 *                       of its own (the line must still fit in {@link #UNLIMITED_REQUEST_LINE} bytes);
 *                       values above 8190 or below 0 become 8190, as in gunicorn
 * @param maxFields {@code limit_request_fields}: most field lines kept per head (or trailer section);
 *                  0, negative or above 32768 become 32768
 * @param maxFieldSize {@code limit_request_field_size}: longest field line with its CRLF (and its
 *                     obs-fold continuations); 0 or negative become 8190
 * @param permitObsoleteFolding {@code permit_obsolete_folding}: join an obs-fold continuation to the
 *                              field value with one SP instead of refusing it (RFC 9112 §5.2 allows it)
 * @param casefoldHttpMethod {@code casefold_http_method}: upper-case the method after checking it
 * @param headerMap {@code header_map}: what happens to a field name containing '_'
 * @param stripHeaderSpaces {@code strip_header_spaces}: drop SP/HTAB between a field name and its colon
 *                          instead of refusing the line (RFC 9112 §5.1 says MUST refuse)
 * @param permitUnconventionalHttpMethod {@code permit_unconventional_http_method}: allow lower case and
 *                                       '#' in methods and any length (still a token)
 * @param permitUnconventionalHttpVersion {@code permit_unconventional_http_version}: serve any
 *                                        {@code HTTP/d.d} instead of answering 505 to a major version other
 *                                        than 1
 * @param permitUnescapedTarget {@code permit_unescaped_target}: accept obs-text (0x80-0xFF) and
 *                              {@code " < > \ ^ ` { | }} in the request-target, as gunicorn does, instead of
 *                              refusing every byte outside RFC 3986
 */
public record ParserOptions(int maxRequestLine, int maxFields, int maxFieldSize, boolean permitObsoleteFolding,
                            boolean casefoldHttpMethod, HeaderMap headerMap, boolean stripHeaderSpaces,
                            boolean permitUnconventionalHttpMethod, boolean permitUnconventionalHttpVersion,
                            boolean permitUnescapedTarget) {

    public static final int DEFAULT_REQUEST_LINE = 4094;
    public static final int DEFAULT_FIELDS = 100;
    public static final int DEFAULT_FIELD_SIZE = 8190;
    /** gunicorn's C parser bounds an "unlimited" request line at 1 MiB; so does junicorn. */
    public static final int UNLIMITED_REQUEST_LINE = 1 << 20;
    private static final int MOST_REQUEST_LINE = 8190;
    private static final int MOST_FIELDS = 32768;

    /** gunicorn's {@code header_map}: a name with '_' may collide with the '-' spelling once mapped. */
    public enum HeaderMap {
        /** Keep the field (gunicorn before 22.0). */
        DANGEROUS,
        /** Drop the field silently (gunicorn's default). */
        DROP,
        /** Refuse the request with 400. */
        REFUSE
    }

    public static final ParserOptions DEFAULTS = new ParserOptions(DEFAULT_REQUEST_LINE, DEFAULT_FIELDS,
            DEFAULT_FIELD_SIZE, false, false, HeaderMap.DROP, false, false, false, false);

    /** The limits as gunicorn normalises them, so any configured value means what it means there. */
    public ParserOptions {
        if (maxRequestLine == 0) {
            maxRequestLine = UNLIMITED_REQUEST_LINE;
        } else if (maxRequestLine < 0 || maxRequestLine > MOST_REQUEST_LINE) {
            maxRequestLine = MOST_REQUEST_LINE;
        }
        if (maxFields <= 0 || maxFields > MOST_FIELDS) {
            maxFields = MOST_FIELDS;
        }
        if (maxFieldSize <= 0) {
            maxFieldSize = DEFAULT_FIELD_SIZE;
        }
        if (headerMap == null) {
            throw new IllegalArgumentException("headerMap must be set");
        }
    }

    public static HeaderMap headerMap(String name) {
        return switch (name) {
            case "dangerous" -> HeaderMap.DANGEROUS;
            case "drop" -> HeaderMap.DROP;
            case "refuse" -> HeaderMap.REFUSE;
            default -> throw new IllegalArgumentException("expected dangerous, drop or refuse");
        };
    }
}
