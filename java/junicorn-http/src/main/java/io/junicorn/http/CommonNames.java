package io.junicorn.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Field names most requests carry, as shared strings, so that parsing them allocates nothing (the first
 * request on a connection; later ones reuse the last head's strings, see FieldList). Each name is here as
 * browsers and curl spell it and in lower case (HTTP/2 gateways, some proxies): the parser keeps names as
 * received.
 */
final class CommonNames {
    private static final List<String> NAMES = List.of(
            "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Charset", "Connection",
            "Content-Length", "Content-Type", "Cookie", "Authorization", "Cache-Control", "Pragma", "Referer",
            "Origin", "Upgrade", "Upgrade-Insecure-Requests", "If-None-Match", "If-Modified-Since", "Range",
            "Expect", "Transfer-Encoding", "TE", "Keep-Alive", "DNT", "Priority", "Via", "Forwarded",
            "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Real-IP",
            "X-Request-ID", "X-Requested-With", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site",
            "Sec-Fetch-User", "Sec-CH-UA", "Sec-CH-UA-Mobile", "Sec-CH-UA-Platform");
    /** By length: the names of that length, as bytes and as the shared string. */
    private static final byte[][][] BYTES;
    private static final String[][] STRINGS;

    static {
        int max = 0;
        for (String name : NAMES) {
            max = Math.max(max, name.length());
        }
        BYTES = new byte[max + 1][0][];
        STRINGS = new String[max + 1][0];
        for (String name : NAMES) {
            add(name);
            add(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private CommonNames() {
    }

    private static void add(String name) {
        int n = name.length();
        String[] strings = Arrays.copyOf(STRINGS[n], STRINGS[n].length + 1);
        byte[][] bytes = Arrays.copyOf(BYTES[n], BYTES[n].length + 1);
        strings[strings.length - 1] = name;
        bytes[bytes.length - 1] = name.getBytes(StandardCharsets.ISO_8859_1);
        STRINGS[n] = strings;
        BYTES[n] = bytes;
    }

    /** The shared string spelled exactly {@code b[off, off + len)}, or null. */
    static String find(byte[] b, int off, int len) {
        if (len >= BYTES.length) {
            return null;
        }
        byte[][] candidates = BYTES[len];
        for (int i = 0; i < candidates.length; i++) {
            if (Arrays.equals(candidates[i], 0, len, b, off, off + len)) {
                return STRINGS[len][i];
            }
        }
        return null;
    }
}
