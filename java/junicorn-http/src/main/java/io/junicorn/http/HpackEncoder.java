package io.junicorn.http;

import java.util.Arrays;

/**
 * Encodes response header blocks (RFC 7541) without a dynamic table: a field the static table holds whole is
 * indexed, any other is a literal without indexing (§6.2.2), its name indexed when the static table has it,
 * strings Huffman-coded when that is shorter. With nothing ever inserted, the peer's SETTINGS_HEADER_TABLE_SIZE
 * never matters; the first block says so with a size update to 0 (§4.2), so a peer that lowered it meanwhile
 * is answered.
 */
public final class HpackEncoder {
    private static final java.util.Map<String, Integer> STATIC_NAMES = new java.util.HashMap<>();
    private static final java.util.Map<String, Integer> STATIC_FIELDS = new java.util.HashMap<>();

    static {
        for (int i = HpackTable.STATIC.length; i >= 1; i--) { // the lowest index wins
            STATIC_NAMES.put(HpackTable.STATIC[i - 1][0], i);
            STATIC_FIELDS.put(HpackTable.STATIC[i - 1][0] + ':' + HpackTable.STATIC[i - 1][1], i);
        }
    }

    private byte[] buf = new byte[256];
    private int length;
    private boolean sizeUpdateSent;

    public byte[] array() {
        return buf;
    }

    public int length() {
        return length;
    }

    /** Starts a new header block. */
    public void reset() {
        length = 0;
        if (!sizeUpdateSent) {
            sizeUpdateSent = true;
            writeInt(0x20, 5, 0);
        }
    }

    /** One field; {@code name} in lower case, both ISO-8859-1 (the caller validates them). */
    public void field(String name, String value) {
        Integer whole = STATIC_FIELDS.get(name + ':' + value);
        if (whole != null && !value.isEmpty()) {
            writeInt(0x80, 7, whole);
            return;
        }
        Integer nameIndex = STATIC_NAMES.get(name);
        if (nameIndex != null) {
            writeInt(0x00, 4, nameIndex);
        } else {
            writeInt(0x00, 4, 0);
            writeString(name);
        }
        writeString(value);
    }

    private void writeString(String s) {
        int huffman = Huffman.encodedLength(s);
        if (huffman < s.length()) {
            writeInt(0x80, 7, huffman);
            ensure(huffman);
            length = Huffman.encode(s, buf, length);
        } else {
            writeInt(0x00, 7, s.length());
            ensure(s.length());
            for (int i = 0, n = s.length(); i < n; i++) {
                buf[length++] = (byte) s.charAt(i);
            }
        }
    }

    /** An integer with an N-bit prefix after the representation's pattern bits (§5.1). */
    private void writeInt(int pattern, int prefixBits, int value) {
        ensure(6);
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            buf[length++] = (byte) (pattern | value);
            return;
        }
        buf[length++] = (byte) (pattern | max);
        value -= max;
        while (value >= 0x80) {
            buf[length++] = (byte) (value & 0x7f | 0x80);
            value >>>= 7;
        }
        buf[length++] = (byte) value;
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}
