package io.junicorn.servlet;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Optional;

/** Reading Content-Type values: the media type alone, and the charset parameter. */
final class ContentTypes {
    private ContentTypes() {
    }

    /** "text/html; charset=UTF-8" -> "text/html" (lower case). */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** The charset parameter's value as written, or null. */
    static String charsetName(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String value = parameter.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** The content type with its charset parameter removed. */
    static String withoutCharset(String contentType) {
        StringBuilder kept = new StringBuilder();
        String[] parts = contentType.split(";");
        kept.append(parts[0].strip());
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (!(equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset"))
                    && !parameter.isEmpty()) {
                kept.append(";").append(parameter);
            }
        }
        return kept.toString();
    }

    static Optional<Charset> charset(String contentType) {
        String name = charsetName(contentType);
        return name == null ? Optional.empty() : Optional.of(lookup(name));
    }

    /** A charset by name; an unknown one is the client's or the app's mistake, reported as such. */
    static Charset lookup(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedCharsetException(name);
        }
    }
}
