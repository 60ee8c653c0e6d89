package io.junicorn.http;

/**
 * HPACK's index space (RFC 7541 §2.3): the static table (Appendix A), then a dynamic table of entries that
 * count their name's and value's lengths plus 32 against its maximum size, evicting the oldest (§4).
 */
final class HpackTable {
    static final String[][] STATIC = {
            {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"}, {":path", "/index.html"},
            {":scheme", "http"}, {":scheme", "https"}, {":status", "200"}, {":status", "204"}, {":status", "206"},
            {":status", "304"}, {":status", "400"}, {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
            {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""},
            {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""}, {"authorization", ""},
            {"cache-control", ""}, {"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""},
            {"content-length", ""}, {"content-location", ""}, {"content-range", ""}, {"content-type", ""},
            {"cookie", ""}, {"date", ""}, {"etag", ""}, {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""},
            {"if-match", ""}, {"if-modified-since", ""}, {"if-none-match", ""}, {"if-range", ""},
            {"if-unmodified-since", ""}, {"last-modified", ""}, {"link", ""}, {"location", ""}, {"max-forwards", ""},
            {"proxy-authenticate", ""}, {"proxy-authorization", ""}, {"range", ""}, {"referer", ""}, {"refresh", ""},
            {"retry-after", ""}, {"server", ""}, {"set-cookie", ""}, {"strict-transport-security", ""},
            {"transfer-encoding", ""}, {"user-agent", ""}, {"vary", ""}, {"via", ""}, {"www-authenticate", ""},
    };
    /** An entry's overhead (§4.1). */
    static final int ENTRY_OVERHEAD = 32;

    /** Dynamic entries in a ring, newest at {@link #head} - 1. */
    private String[] names = new String[16];
    private String[] values = new String[16];
    private int head;
    private int count;
    private long size;
    private long maxSize;

    HpackTable(int maxSize) {
        this.maxSize = maxSize;
    }

    int dynamicCount() {
        return count;
    }

    long size() {
        return size;
    }

    long maxSize() {
        return maxSize;
    }

    /** The name at an index (1-based, static first); null when there is none. */
    String name(int index) {
        if (index >= 1 && index <= STATIC.length) {
            return STATIC[index - 1][0];
        }
        int slot = dynamicSlot(index);
        return slot < 0 ? null : names[slot];
    }

    String value(int index) {
        if (index >= 1 && index <= STATIC.length) {
            return STATIC[index - 1][1];
        }
        int slot = dynamicSlot(index);
        return slot < 0 ? null : values[slot];
    }

    private int dynamicSlot(int index) {
        int d = index - STATIC.length - 1;
        if (d < 0 || d >= count) {
            return -1;
        }
        return Math.floorMod(head - 1 - d, names.length);
    }

    /** Adds an entry, evicting as needed; one larger than the table empties it (§4.4). */
    void add(String name, String value) {
        long entry = name.length() + value.length() + ENTRY_OVERHEAD;
        while (count > 0 && size + entry > maxSize) {
            evictOldest();
        }
        if (entry > maxSize) {
            return;
        }
        if (count == names.length) {
            grow();
        }
        names[head] = name;
        values[head] = value;
        head = (head + 1) % names.length;
        count++;
        size += entry;
    }

    /** A dynamic table size update (§6.3), or a new limit: evicts until the table fits. */
    void resize(long newMaxSize) {
        maxSize = newMaxSize;
        while (count > 0 && size > maxSize) {
            evictOldest();
        }
    }

    private void evictOldest() {
        int oldest = Math.floorMod(head - count, names.length);
        size -= names[oldest].length() + values[oldest].length() + ENTRY_OVERHEAD;
        names[oldest] = null;
        values[oldest] = null;
        count--;
    }

    private void grow() {
        String[] n = new String[names.length * 2];
        String[] v = new String[names.length * 2];
        for (int i = 0; i < count; i++) {
            int from = Math.floorMod(head - count + i, names.length);
            n[i] = names[from];
            v[i] = values[from];
        }
        names = n;
        values = v;
        head = count;
    }
}
