package io.junicorn.http;

/**
 * Decodes HPACK header blocks (RFC 7541) with a dynamic table, never a socket: every block of a connection,
 * in order, whole (HEADERS and its CONTINUATION frames joined). Any error in the representation is a connection
 * error of type COMPRESSION_ERROR (RFC 9113 §4.3): the table can no longer be trusted.
 *
 * <p>The decoded list's size (§4.1 of RFC 7541: name, value and 32 per field) is counted; a block over the
 * limit is still decoded whole, so the table stays in step with the peer's, and the caller refuses the request.
 */
public final class HpackDecoder {
    /** Receives each decoded field; names and values are ISO-8859-1 chars, one per byte. */
    public interface FieldSink {
        void field(String name, String value);
    }

    private final HpackTable table;
    /** The SETTINGS_HEADER_TABLE_SIZE this side advertised: the most a size update may ask for. */
    private final int maxTableSize;
    private final StringBuilder chars = new StringBuilder(64);

    public HpackDecoder(int maxTableSize) {
        this.maxTableSize = maxTableSize;
        this.table = new HpackTable(maxTableSize);
    }

    /**
     * Decodes one whole header block, giving each field to {@code sink}. Returns the list's size (RFC 7541 §4.1
     * counting), for the caller to hold against SETTINGS_MAX_HEADER_LIST_SIZE.
     */
    public long decode(byte[] block, int offset, int length, FieldSink sink) throws Http2Exception {
        int[] at = {offset};
        int end = offset + length;
        long listSize = 0;
        boolean fieldSeen = false;
        while (at[0] < end) {
            int b = block[at[0]] & 0xff;
            String name;
            String value;
            if ((b & 0x80) != 0) { // indexed field (§6.1)
                int index = readInt(block, at, end, 7);
                name = table.name(index);
                if (index == 0 || name == null) {
                    throw error("index " + index + " outside the tables (RFC 7541 §2.3.3)");
                }
                value = table.value(index);
            } else if ((b & 0xc0) == 0x40) { // literal with incremental indexing (§6.2.1)
                name = literalName(block, at, end, 6);
                value = readString(block, at, end);
                table.add(name, value);
            } else if ((b & 0xe0) == 0x20) { // dynamic table size update (§6.3)
                if (fieldSeen) {
                    throw error("dynamic table size update after a field (RFC 7541 §4.2)");
                }
                int size = readInt(block, at, end, 5);
                if (size > maxTableSize) {
                    throw error("dynamic table size update to " + size + " above " + maxTableSize + " (RFC 7541 §6.3)");
                }
                table.resize(size);
                continue;
            } else { // literal without indexing (0000) or never indexed (0001) (§6.2.2, §6.2.3)
                name = literalName(block, at, end, 4);
                value = readString(block, at, end);
            }
            fieldSeen = true;
            listSize += name.length() + value.length() + HpackTable.ENTRY_OVERHEAD;
            sink.field(name, value);
        }
        return listSize;
    }

    private String literalName(byte[] block, int[] at, int end, int prefix) throws Http2Exception {
        int index = readInt(block, at, end, prefix);
        if (index == 0) {
            return readString(block, at, end);
        }
        String name = table.name(index);
        if (name == null) {
            throw error("name index " + index + " outside the tables (RFC 7541 §2.3.3)");
        }
        return name;
    }

    /** A string literal (§5.2): Huffman-coded or raw. */
    private String readString(byte[] block, int[] at, int end) throws Http2Exception {
        if (at[0] >= end) {
            throw error("header block ends before a string (RFC 7541 §5.2)");
        }
        boolean huffman = (block[at[0]] & 0x80) != 0;
        int length = readInt(block, at, end, 7);
        if (length > end - at[0]) {
            throw error("string of " + length + " bytes past the end of the header block (RFC 7541 §5.2)");
        }
        int start = at[0];
        at[0] += length;
        if (!huffman) {
            return new String(block, start, length, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        chars.setLength(0);
        if (!Huffman.decode(block, start, length, chars)) {
            throw error("invalid Huffman code, EOS or padding (RFC 7541 §5.2)");
        }
        return chars.toString();
    }

    /** An integer with an N-bit prefix (§5.1); values above 2^28 are refused rather than overflowing. */
    private static int readInt(byte[] block, int[] at, int end, int prefixBits) throws Http2Exception {
        int max = (1 << prefixBits) - 1;
        int value = block[at[0]++] & max;
        if (value < max) {
            return value;
        }
        int shift = 0;
        while (true) {
            if (at[0] >= end) {
                throw error("header block ends inside an integer (RFC 7541 §5.1)");
            }
            int b = block[at[0]++] & 0xff;
            value += (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
            if (shift > 21) {
                throw error("integer too large (RFC 7541 §5.1)");
            }
        }
    }

    private static Http2Exception error(String reason) {
        return Http2Exception.connection(Http2ErrorCode.COMPRESSION_ERROR, reason);
    }

    /** The dynamic table's size now (for tests). */
    long tableSize() {
        return table.size();
    }
}
