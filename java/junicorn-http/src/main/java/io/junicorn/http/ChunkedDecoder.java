package io.junicorn.http;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The chunked transfer coding (RFC 9112 §7.1), decoded incrementally:
 * {@code *chunk last-chunk trailer-section CRLF}. Sizes are 1*HEXDIG with an overflow check;
 * extensions are checked for stray bytes and skipped; chunk data must be followed by CRLF; trailer
 * fields follow the header rules and limits and are kept apart from the header section (§7.1.2).
 */
public final class ChunkedDecoder implements BodyDecoder {
    /** Longest chunk-size line with its extensions; chunk extensions are not an unbounded buffer. */
    public static final int MAX_SIZE_LINE = 4096;

    private enum State { SIZE, SIZE_BWS, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, DONE }

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
                    state = State.EXTENSION;
                } else if (Ascii.isWhitespace(b)) {
                    state = State.SIZE_BWS;
                } else {
                    throw HttpException.badRequest("chunk size is not a hex number (RFC 9112 §7.1)");
                }
            }
            case SIZE_BWS -> {
                countSizeLine();
                if (b == ';') {
                    state = State.EXTENSION;
                } else if (!Ascii.isWhitespace(b)) {
                    // BWS is allowed only before a chunk extension (RFC 9112 §7.1.1)
                    throw HttpException.badRequest("whitespace after chunk size (RFC 9112 §7.1.1)");
                }
            }
            case EXTENSION -> {
                countSizeLine();
                if (b == Ascii.CR) {
                    state = State.SIZE_LF;
                } else if (!Ascii.is(b, Ascii.FIELD_VCHAR) && !Ascii.isWhitespace(b)) {
                    throw HttpException.badRequest("invalid byte in chunk extension (RFC 9112 §7.1.1)");
                }
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
