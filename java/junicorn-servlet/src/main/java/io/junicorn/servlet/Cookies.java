package io.junicorn.servlet;

import jakarta.servlet.http.Cookie;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Cookie header parsing and Set-Cookie formatting by RFC 6265 (what browsers do, and Tomcat's default). */
final class Cookies {
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Cookies() {
    }

    /** The cookies of every Cookie header line; a pair without "=" or with an invalid name is skipped. */
    static Cookie[] parse(List<String> headers) {
        List<Cookie> cookies = new ArrayList<>();
        for (String header : headers) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    continue;
                }
                String name = pair.substring(0, equals).strip();
                String value = pair.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                try {
                    cookies.add(new Cookie(name, value));
                } catch (IllegalArgumentException e) {
                    // a name Cookie refuses (a reserved or non-token name): ignored, as browsers send junk too
                }
            }
        }
        return cookies.toArray(Cookie[]::new);
    }

    /** The Set-Cookie value for {@code cookie}: name=value then its attributes (Max-Age also as Expires). */
    static String format(Cookie cookie) {
        String value = cookie.getValue() == null ? "" : cookie.getValue();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c == '"' || c == ',' || c == ';' || c == '\\' || c > 0x7e) {
                throw new IllegalArgumentException("cookie " + cookie.getName() + ": the value contains '" + c
                        + "', which RFC 6265 does not allow; encode it (for example with URLEncoder)");
            }
        }
        StringBuilder header = new StringBuilder(cookie.getName()).append('=').append(value);
        for (Map.Entry<String, String> attribute : cookie.getAttributes().entrySet()) {
            String name = attribute.getKey();
            String attributeValue = attribute.getValue();
            if (name.equalsIgnoreCase("Max-Age")) {
                int maxAge = Integer.parseInt(attributeValue);
                if (maxAge < 0) {
                    continue;
                }
                header.append("; Max-Age=").append(maxAge).append("; Expires=")
                        .append(EXPIRES.format(maxAge == 0 ? Instant.EPOCH
                                : Instant.now().plusSeconds(maxAge)));
                continue;
            }
            header.append("; ").append(canonical(name));
            if (!attributeValue.isEmpty()) {
                header.append('=').append(attributeValue);
            }
        }
        return header.toString();
    }

    private static String canonical(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "path" -> "Path";
            case "domain" -> "Domain";
            case "secure" -> "Secure";
            case "httponly" -> "HttpOnly";
            case "samesite" -> "SameSite";
            case "partitioned" -> "Partitioned";
            default -> name;
        };
    }
}
