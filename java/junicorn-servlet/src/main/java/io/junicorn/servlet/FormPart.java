package io.junicorn.servlet;

import jakarta.servlet.http.Part;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One part of a multipart/form-data body, in memory or, past the size threshold, in a temporary file. */
final class FormPart implements Part {
    private final String name;
    private final String submittedFileName;
    private final Map<String, List<String>> headers;
    private final int threshold;
    private final Path location;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    /** Whether {@link #file} is this part's temporary file, which the container deletes; not after write. */
    private boolean temporary;
    private OutputStream fileOut;
    private long size;

    FormPart(String name, String submittedFileName, Map<String, List<String>> headers, int threshold, Path location) {
        this.name = name;
        this.submittedFileName = submittedFileName;
        this.headers = headers;
        this.threshold = threshold;
        this.location = location;
    }

    void append(byte[] bytes, int offset, int length) throws IOException {
        if (file == null && size + length > threshold) {
            file = Files.createTempFile(location, "junicorn-part-", ".tmp");
            temporary = true;
            fileOut = Files.newOutputStream(file);
            memory.writeTo(fileOut);
            memory = null;
        }
        if (file != null) {
            fileOut.write(bytes, offset, length);
        } else {
            memory.write(bytes, offset, length);
        }
        size += length;
    }

    /** The part's last byte has arrived. */
    void finish() throws IOException {
        if (fileOut != null) {
            fileOut.close();
            fileOut = null;
        }
    }

    /** The part as text, for a form field without a file name (getParameter reads these). */
    String text(Charset fallback) throws IOException {
        Charset charset = ContentTypes.charset(getContentType()).orElse(fallback);
        try (InputStream in = getInputStream()) {
            return new String(in.readAllBytes(), charset);
        }
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(memory.toByteArray());
    }

    @Override
    public String getContentType() {
        return getHeader("content-type");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getSubmittedFileName() {
        return submittedFileName;
    }

    @Override
    public long getSize() {
        return size;
    }

    /** A relative name goes to the MultipartConfig location, as the specification says. */
    @Override
    public void write(String fileName) throws IOException {
        Path target = location.resolve(fileName);
        finish();
        if (file != null && temporary) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            file = target;
            temporary = false;
        } else if (file != null) {
            // written before: that file is the application's, so a second write copies it
            Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.write(target, memory.toByteArray());
        }
    }

    /** Deletes the temporary file; a file the application wrote with {@link #write} is its own and stays. */
    @Override
    public void delete() throws IOException {
        finish();
        if (file != null && temporary) {
            Files.deleteIfExists(file);
        }
    }

    void deleteQuietly() {
        try {
            delete();
        } catch (IOException e) {
            AppServletContext.log.warn("could not delete the upload file {}: {}", file, e.toString());
        }
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return List.copyOf(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }

    @Override
    public Collection<String> getHeaderNames() {
        return List.copyOf(headers.keySet());
    }
}
