package io.junicorn.servlet;

import jakarta.servlet.MultipartConfigElement;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a multipart/form-data body (RFC 7578) into parts as it arrives, keeping each part in memory up to the
 * MultipartConfig's fileSizeThreshold and in a temporary file beyond it. maxFileSize bounds each part and
 * maxRequestSize the whole body; going over either is an IllegalStateException, as the specification says
 * (a {@link RequestRejected} with 413), and a malformed body is one with 400.
 */
final class MultipartParser {
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final MultipartConfigElement config;
    private final Path location;
    private final byte[] buffer;
    private int position;
    private int limit;
    private boolean eof;
    private long total;

    private MultipartParser(InputStream body, String boundary, MultipartConfigElement config, Path location) {
        // the first boundary may start the body: a CRLF in front gives every delimiter the same shape
        this.in = new SequenceInputStream(new ByteArrayInputStream(new byte[] {'\r', '\n'}), body);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.config = config;
        this.location = location;
        this.buffer = new byte[CHUNK + delimiter.length];
    }

    /** The parts of a body whose Content-Type is {@code contentType}. */
    static List<FormPart> parse(InputStream body, String contentType, MultipartConfigElement config)
            throws IOException {
        String boundary = boundaryOf(contentType);
        Path location = config.getLocation().isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"))
                : Path.of(config.getLocation());
        return new MultipartParser(body, boundary, config, location).parts();
    }

    static String boundaryOf(String contentType) {
        for (String parameter : contentType.split(";")) {
            String item = parameter.strip();
            if (item.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String boundary = item.substring("boundary=".length());
                if (boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
                    boundary = boundary.substring(1, boundary.length() - 1);
                }
                if (!boundary.isEmpty() && boundary.length() <= 70) {
                    return boundary;
                }
            }
        }
        throw new RequestRejected(400, "multipart/form-data without a valid boundary parameter: " + contentType);
    }

    private List<FormPart> parts() throws IOException {
        List<FormPart> parts = new ArrayList<>();
        if (!skipTo(null)) {
            throw new RequestRejected(400, "the multipart body has no boundary line");
        }
        while (true) {
            fill(2);
            if (limit - position >= 2 && buffer[position] == '-' && buffer[position + 1] == '-') {
                return parts;
            }
            skipLineEnd();
            Map<String, List<String>> headers = headers();
            String disposition = first(headers, "content-disposition");
            String name = dispositionParameter(disposition, "name");
            if (name == null) {
                throw new RequestRejected(400, "a multipart part without a Content-Disposition name");
            }
            FormPart part = new FormPart(name, dispositionParameter(disposition, "filename"), headers,
                    config.getFileSizeThreshold(), location);
            try {
                if (!skipTo(part)) {
                    throw new RequestRejected(400, "the multipart body ended inside part " + name);
                }
                part.finish();
            } catch (IOException | RuntimeException e) {
                part.delete();
                parts.forEach(FormPart::deleteQuietly);
                throw e;
            }
            parts.add(part);
        }
    }

    /** Copies bytes into {@code part} (or drops them when null) up to the next delimiter; false at the end. */
    private boolean skipTo(FormPart part) throws IOException {
        while (true) {
            fill(delimiter.length);
            int found = indexOfDelimiter();
            if (found >= 0) {
                write(part, found - position);
                position = found + delimiter.length;
                return true;
            }
            if (eof) {
                return false;
            }
            int keep = Math.min(limit - position, delimiter.length - 1);
            write(part, limit - position - keep);
            position = limit - keep;
        }
    }

    private void write(FormPart part, int length) throws IOException {
        if (part != null && length > 0) {
            total += length;
            // "exceeds ... size", as Tomcat words it: Spring recognises an upload over a limit by its message alone
            // (StandardMultipartHttpServletRequest.handleParseFailure) and answers MaxUploadSizeExceededException's 413
            if (config.getMaxRequestSize() > 0 && total > config.getMaxRequestSize()) {
                throw new RequestRejected(413, "the multipart request exceeds maxRequestSize ("
                        + config.getMaxRequestSize() + " bytes)");
            }
            if (config.getMaxFileSize() > 0 && part.getSize() + length > config.getMaxFileSize()) {
                throw new RequestRejected(413, "part " + part.getName() + " exceeds maxFileSize ("
                        + config.getMaxFileSize() + " bytes)");
            }
            part.append(buffer, position, length);
        }
        position += length;
    }

    private int indexOfDelimiter() {
        outer:
        for (int i = position; i <= limit - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buffer[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Makes at least {@code wanted} bytes available unless the body ends first. */
    private void fill(int wanted) throws IOException {
        if (limit - position >= wanted || eof) {
            return;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        while (limit < wanted && !eof) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }

    /** After a delimiter: optional whitespace (RFC 2046 transport padding), then CRLF. */
    private void skipLineEnd() throws IOException {
        while (true) {
            fill(1);
            if (position >= limit) {
                throw new RequestRejected(400, "the multipart body ended after a boundary");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                return;
            }
            if (b != '\r' && b != ' ' && b != '\t') {
                throw new RequestRejected(400, "a multipart boundary line is followed by other text");
            }
        }
    }

    private Map<String, List<String>> headers() throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        int read = 0;
        while (true) {
            StringBuilder line = new StringBuilder();
            while (true) {
                fill(1);
                if (position >= limit) {
                    throw new RequestRejected(400, "the multipart body ended inside a part's headers");
                }
                byte b = buffer[position++];
                if (++read > MAX_HEADER_BYTES) {
                    throw new RequestRejected(400, "a multipart part's headers are longer than " + MAX_HEADER_BYTES + " bytes");
                }
                if (b == '\n') {
                    break;
                }
                if (b != '\r') {
                    line.append((char) (b & 0xff));
                }
            }
            if (line.isEmpty()) {
                return headers;
            }
            // header values (file names above all) are UTF-8 in practice (RFC 7578 section 4.2)
            String text = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new RequestRejected(400, "a multipart part header without a colon: " + text);
            }
            headers.computeIfAbsent(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(text.substring(colon + 1).strip());
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** A parameter of a Content-Disposition value: form-data; name="a"; filename="b.txt". */
    static String dispositionParameter(String disposition, String parameter) {
        if (disposition == null) {
            return null;
        }
        int i = 0;
        int length = disposition.length();
        while (i < length) {
            int semicolon = indexOfUnquoted(disposition, ';', i);
            String item = disposition.substring(i, semicolon < 0 ? length : semicolon).strip();
            int equals = item.indexOf('=');
            if (equals > 0 && item.substring(0, equals).strip().equalsIgnoreCase(parameter)) {
                String value = item.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                return value;
            }
            if (semicolon < 0) {
                break;
            }
            i = semicolon + 1;
        }
        return null;
    }

    private static int indexOfUnquoted(String text, char wanted, int from) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
