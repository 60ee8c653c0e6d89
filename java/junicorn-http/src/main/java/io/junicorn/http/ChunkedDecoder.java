package io.junicorn.http;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The chunked transfer coding (RFC 9112 §7.1), decoded incrementally:
 * {@code *chunk last-chunk trailer-section CRLF}. Sizes are 1*HEXDIG with an overflow check;
 * extensions are checked against their grammar (§7.1.1) and skipped; chunk data must be followed by CRLF; trailer
 * fields follow the header rules and limits and are kept apart from the header section (§7.1.2).
 */
public final class ChunkedDecoder implements BodyDecoder {
    /** Longest chunk-size line with its extensions; chunk extensions are not an unbounded buffer. */
    public static final int MAX_SIZE_LINE = 4096;

    /**
     * Where in the message the next byte falls. The EXT_ states walk RFC 9112 §7.1.1:
     * {@code chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )}, a name being a token
     * and a value a token or a quoted-string. A parser that skips anything up to CRLF reads
     * {@code 5;"\r\n…"} differently from one that honours the quotes; refusing both is the only safe answer.
     */
    private enum State {
        SIZE, SIZE_BWS,
        /** After ';', before the name (BWS allowed). */
        EXT_NAME_START,
        EXT_NAME,
        /** BWS after a name: '=', ';' must follow. */
        EXT_AFTER_NAME,
        /** After '=', before the value (BWS allowed). */
        EXT_VALUE_START,
        EXT_TOKEN,
        EXT_QUOTED,
        /** After a backslash in a quoted-string. */
        EXT_QUOTED_PAIR,
        /** BWS after a value, or the closing quote: ';' or CR must follow. */
        EXT_AFTER_VALUE,
        SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, DONE
    }

    private final int maxFieldLine;
    private final LineReader line = new LineReader();
    private final FieldList trailers;

    private State state = State.SIZE;
    private long size;
    private int digits;
    private int sizeLineLength;

    public ChunkedDecoder() {
        this(ParserOptions.DEFAULTS);
    }

    /** Trailer fields follow the same limits and header_map as the header section. */
    public ChunkedDecoder(ParserOptions options) {
        this.maxFieldLine = options.maxFieldSize();
        this.trailers = new FieldList(options);
    }

    public void reset() {
        state = State.SIZE;
        size = 0;
        digits = 0;
        sizeLineLength = 0;
        line.reset();
        trailers.clear();
    }

    @Override
    public boolean isComplete() {
        return state == State.DONE;
    }

    /** The trailer fields, once {@link #isComplete()}. */
    public List<Field> trailers() {
        String[] names = trailers.names();
        String[] values = trailers.values();
        Field[] all = new Field[names.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = new Field(names[i], values[i]);
        }
        return List.of(all);
    }

    @Override
    public int read(ByteBuffer in, byte[] dst, int off, int len) {
        int n = 0;
        while (in.hasRemaining() && state != State.DONE) {
            if (state == State.DATA) {
                if (n == len) {
                    return n;
                }
                int k = (int) Math.min(Math.min(size, in.remaining()), len - n);
                in.get(dst, off + n, k);
                n += k;
                size -= k;
                if (size == 0) {
                    state = State.DATA_CR;
                }
            } else if (state == State.TRAILER) {
                trailerLine(in);
            } else {
                sizeLineByte(in.get());
            }
        }
        return n;
    }

    private void sizeLineByte(byte b) {
        switch (state) {
            case SIZE -> {
                countSizeLine();
                int h = Ascii.hex(b);
                if (h >= 0) {
                    if (size > (Long.MAX_VALUE >>> 4)) {
                        throw HttpException.badRequest("chunk size too large (RFC 9112 §7.1)");
                    }
                    size = (size << 4) | h;
                    digits++;
                } else if (digits == 0) {
                    throw HttpException.badRequest("chunk size is not a hex number (RFC 9112 §7.1)");
                } else if (b == Ascii.CR) {
                    state = State.SIZE_LF;
                } else if (b == ';') {
                    state = State.EXT_NAME_START;
                } else if (Ascii.isWhitespace(b)) {
                    state = State.SIZE_BWS;
                } else {
                    throw HttpException.badRequest("chunk size is not a hex number (RFC 9112 §7.1)");
                }
            }
            case SIZE_BWS -> {
                countSizeLine();
                if (b == ';') {
                    state = State.EXT_NAME_START;
                } else if (!Ascii.isWhitespace(b)) {
                    // BWS is allowed only before a chunk extension (RFC 9112 §7.1.1)
                    throw HttpException.badRequest("whitespace after chunk size (RFC 9112 §7.1.1)");
                }
            }
            case EXT_NAME_START, EXT_NAME, EXT_AFTER_NAME, EXT_VALUE_START, EXT_TOKEN, EXT_QUOTED, EXT_QUOTED_PAIR,
                 EXT_AFTER_VALUE -> {
                countSizeLine();
                state = extension(state, b);
            }
            case SIZE_LF -> {
                if (b != Ascii.LF) {
                    throw HttpException.badRequest("bare CR in chunk size line (RFC 9112 §7.1)");
                }
                sizeLineLength = 0;
                digits = 0;
                if (size == 0) {
                    line.reset();
                    state = State.TRAILER;
                } else {
                    state = State.DATA;
                }
            }
            case DATA_CR -> {
                if (b != Ascii.CR) {
                    throw HttpException.badRequest("chunk data not followed by CRLF (RFC 9112 §7.1)");
                }
                state = State.DATA_LF;
            }
            case DATA_LF -> {
                if (b != Ascii.LF) {
                    throw HttpException.badRequest("chunk data not followed by CRLF (RFC 9112 §7.1)");
                }
                size = 0;
                state = State.SIZE;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** The state after byte {@code b} of a chunk extension; throws when the grammar allows no such byte. */
    private static State extension(State at, byte b) {
        boolean ws = Ascii.isWhitespace(b);
        boolean token = Ascii.is(b, Ascii.TCHAR);
        State next = switch (at) {
            case EXT_NAME_START -> ws ? at : token ? State.EXT_NAME : null;
            case EXT_NAME -> token ? at : ws ? State.EXT_AFTER_NAME : afterNameOrValue(b, true);
            case EXT_AFTER_NAME -> ws ? at : b == '=' ? State.EXT_VALUE_START : b == ';' ? State.EXT_NAME_START : null;
            case EXT_VALUE_START -> ws ? at : b == '"' ? State.EXT_QUOTED : token ? State.EXT_TOKEN : null;
            case EXT_TOKEN -> token ? at : ws ? State.EXT_AFTER_VALUE : afterNameOrValue(b, false);
            // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text (RFC 9110 §5.6.4)
            case EXT_QUOTED -> b == '"' ? State.EXT_AFTER_VALUE : b == '\\' ? State.EXT_QUOTED_PAIR
                    : ws || Ascii.is(b, Ascii.FIELD_VCHAR) ? at : null;
            // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
            case EXT_QUOTED_PAIR -> ws || Ascii.is(b, Ascii.FIELD_VCHAR) ? State.EXT_QUOTED : null;
            case EXT_AFTER_VALUE -> ws ? at : afterNameOrValue(b, false);
            default -> throw new IllegalStateException(at.name());
        };
        if (next == null) {
            throw HttpException.badRequest(b == Ascii.CR || b == Ascii.LF || !Ascii.is(b, Ascii.FIELD_VCHAR) && !ws
                    ? "invalid byte in chunk extension (RFC 9112 §7.1.1)"
                    : "chunk extension is not ;name[=value] (RFC 9112 §7.1.1)");
        }
        return next;
    }

    /** After a name or value: CR ends the line, ';' starts another extension, '=' follows a name only. */
    private static State afterNameOrValue(byte b, boolean afterName) {
        if (b == Ascii.CR) {
            return State.SIZE_LF;
        }
        if (b == ';') {
            return State.EXT_NAME_START;
        }
        return afterName && b == '=' ? State.EXT_VALUE_START : null;
    }

    private void countSizeLine() {
        if (++sizeLineLength > MAX_SIZE_LINE) {
            throw HttpException.badRequest("chunk size line too long (RFC 9112 §7.1.1)");
        }
    }

    private void trailerLine(ByteBuffer in) {
        if (!line.read(in, maxFieldLine - 2, 431, "trailer field line too long")) {
            return;
        }
        if (line.length() == 0) {
            state = State.DONE;
            return;
        }
        if (Ascii.isWhitespace(line.bytes()[0])) {
            throw HttpException.badRequest("obsolete line folding in the trailer section (RFC 9112 §5.2)");
        }
        int before = trailers.size();
        trailers.parse(line.bytes(), line.length());
        line.reset();
        if (trailers.size() > before && isForbiddenTrailer(trailers.name(before))) {
            throw HttpException.badRequest("framing or routing field in the trailer section (RFC 9110 §6.5.1)");
        }
    }

    /** As gunicorn 26: fields that decide framing, routing or authentication never come from trailers. */
    private static boolean isForbiddenTrailer(String name) {
        return Ascii.equalsLower(name, "content-length") || Ascii.equalsLower(name, "transfer-encoding")
                || Ascii.equalsLower(name, "host") || Ascii.equalsLower(name, "trailer")
                || Ascii.equalsLower(name, "authorization") || Ascii.equalsLower(name, "te");
    }
}
