package io.junicorn.engine;

import io.junicorn.http.HttpException;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The {@link URI} that {@code HttpExchange.getRequestURI()} returns. The codec accepts some targets
 * {@code java.net.URI} refuses and gunicorn serves (raw UTF-8 bytes, {@code "}, {@code |}, {@code {}, a
 * lone {@code %}); for those the URI is the target with each such byte percent-encoded, so
 * {@code getPath()} decodes a raw UTF-8 path to the same text as its percent-encoded spelling. The exact
 * bytes stay in the exchange attribute {@value Http1Exchange#REQUEST_TARGET}. A CONNECT target
 * (authority-form) becomes a URI with only an authority ({@code //host:port}).
 */
final class RequestUri {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RequestUri() {
    }

    static URI of(String method, String target) {
        try {
            if (method.equals("CONNECT")) {
                return new URI(null, target, null, null, null);
            }
            try {
                return new URI(target);
            } catch (URISyntaxException e) {
                return new URI(escape(target));
            }
        } catch (URISyntaxException e) {
            throw new HttpException(400, "request-target is not a valid URI (RFC 9112 §3.2)");
        }
    }

    /** Percent-encodes the bytes (chars 0-255) java.net.URI refuses outside an authority. */
    private static String escape(String target) {
        StringBuilder out = new StringBuilder(target.length() + 16);
        boolean fragment = false;
        boolean origin = target.startsWith("/");
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            boolean escape = c >= 0x7f || c <= 0x20 || "\"<>\\^`{|}".indexOf(c) >= 0
                    || (c == '%' && !(i + 2 < target.length() && isHex(target.charAt(i + 1))
                            && isHex(target.charAt(i + 2))))
                    || (c == '#' && fragment)
                    || (origin && (c == '[' || c == ']'));
            fragment |= c == '#';
            if (escape) {
                out.append('%').append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
