package io.junicorn.http.websocket;

import java.nio.ByteBuffer;

/**
 * Incremental, validating UTF-8 (RFC 3629 §4) for text messages, which arrive in pieces: a code point may be
 * split across frames and across reads. A sequence is refused at the first byte that makes it invalid (RFC
 * 6455 §8.1: fail as soon as the payload cannot be valid): an overlong form, a surrogate (U+D800-DFFF) or a
 * code point above U+10FFFF is caught at its second byte, since the lead byte narrows the range the next byte
 * may take (Unicode 15 §3.9, Table 3-7). {@link java.nio.charset.CharsetDecoder} would give the same answers
 * but holds a split sequence back without saying whether it can still become valid.
 */
final class Utf8Decoder {
    private int needed; // continuation bytes still to come for the current code point
    private int codePoint;
    private int lower = 0x80; // the range the next continuation byte must be in
    private int upper = 0xBF;
    private char[] chars = new char[256];

    /**
     * Decodes {@code bytes} whole; returns the code points they complete. With {@code end}, the message ends
     * here and a sequence still open is an error.
     */
    String decode(ByteBuffer bytes, boolean end) throws WebSocketException {
        int length = bytes.remaining();
        if (chars.length < length + 1) { // a 4-byte sequence completed here adds 2 chars for its last byte
            chars = new char[Math.max(chars.length * 2, length + 1)];
        }
        int n = 0;
        for (int i = bytes.position(), limit = bytes.limit(); i < limit; i++) {
            int b = bytes.get(i) & 0xff;
            if (needed == 0) {
                if (b < 0x80) {
                    chars[n++] = (char) b;
                } else {
                    lead(b);
                }
                continue;
            }
            if (b < lower || b > upper) {
                throw invalid();
            }
            lower = 0x80;
            upper = 0xBF;
            codePoint = codePoint << 6 | b & 0x3F;
            if (--needed == 0) {
                n += Character.toChars(codePoint, chars, n);
            }
        }
        bytes.position(bytes.limit());
        if (end && needed != 0) {
            throw new WebSocketException(CloseCodes.INVALID_PAYLOAD,
                    "text ends inside a UTF-8 sequence (RFC 6455 §8.1)");
        }
        return new String(chars, 0, n);
    }

    private void lead(int b) throws WebSocketException {
        if (b >= 0xC2 && b <= 0xDF) { // C0 and C1 could only start overlong forms
            needed = 1;
            codePoint = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            needed = 2;
            codePoint = b & 0x0F;
            if (b == 0xE0) {
                lower = 0xA0; // below: overlong
            } else if (b == 0xED) {
                upper = 0x9F; // above: surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            needed = 3;
            codePoint = b & 0x07;
            if (b == 0xF0) {
                lower = 0x90; // below: overlong
            } else if (b == 0xF4) {
                upper = 0x8F; // above: past U+10FFFF
            }
        } else {
            throw invalid();
        }
    }

    private static WebSocketException invalid() {
        return new WebSocketException(CloseCodes.INVALID_PAYLOAD, "text is not UTF-8 (RFC 6455 §8.1, RFC 3629 §4)");
    }
}
