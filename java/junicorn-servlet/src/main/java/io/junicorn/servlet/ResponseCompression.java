package io.junicorn.servlet;

import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for responses, decided as the head is sent, as Tomcat's connector does for Spring Boot's
 * server.compression: responses of the configured types whose length is unknown or at least the minimum, to a
 * client whose Accept-Encoding takes gzip, not already encoded, not a range. Every response of those types says
 * {@code Vary: Accept-Encoding}, compressed or not, so that a cache keeps the two apart.
 */
final class ResponseCompression {
    static final ResponseCompression NONE = new ResponseCompression(Set.of(), Integer.MAX_VALUE);

    /** Big enough for deflate to find repetitions in a JSON body, small enough to copy a socket buffer's worth. */
    private static final int GZIP_BUFFER = 8192;

    private final Set<String> mimeTypes;
    private final int minBytes;

    ResponseCompression(List<String> mimeTypes, int minBytes) {
        this(mimeTypes.stream().map(type -> type.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet()), minBytes);
    }

    private ResponseCompression(Set<String> mimeTypes, int minBytes) {
        this.mimeTypes = mimeTypes;
        this.minBytes = minBytes;
    }

    /**
     * Whether to gzip this response; adds {@code Vary} to {@code response} for a compressible type.
     *
     * @param length the body's length when known, else -1
     */
    boolean applies(Headers request, Headers response, String method, int status, String contentType, long length) {
        if (mimeTypes.isEmpty() || contentType == null || !mimeTypes.contains(baseType(contentType))) {
            return false;
        }
        addVary(response);
        return status >= 200 && status != 204 && status != 206 && status != 304 && !method.equals("HEAD")
                && (length < 0 || length >= minBytes) && !response.containsKey("Content-Encoding")
                && !response.containsKey("Content-Range") && acceptsGzip(request.get("Accept-Encoding"));
    }

    /**
     * The stream the body goes through; closing it finishes the gzip member and closes {@code connection}. A flush
     * by the application flushes the compressor too (sync flush), so a streamed answer is not held back.
     */
    static OutputStream wrap(OutputStream connection) throws IOException {
        return new GZIPOutputStream(connection, GZIP_BUFFER, true);
    }

    private static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static void addVary(Headers response) {
        List<String> vary = response.get("Vary");
        if (vary == null || vary.stream().noneMatch(value -> value.toLowerCase(Locale.ROOT).contains("accept-encoding"))) {
            response.add("Vary", "Accept-Encoding");
        }
    }

    /** RFC 9110 section 12.5.3: gzip (or x-gzip, or *) listed without q=0. */
    static boolean acceptsGzip(List<String> fields) {
        if (fields == null) {
            return false;
        }
        for (String field : fields) {
            for (String member : field.split(",")) {
                String[] parts = member.split(";");
                String coding = parts[0].strip().toLowerCase(Locale.ROOT);
                if ((coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) && !refused(parts)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean refused(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2)) == 0;
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
