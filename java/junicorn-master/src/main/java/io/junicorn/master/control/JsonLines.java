package io.junicorn.master.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The control socket's framing: one JSON object per line each way, so {@code socat - UNIX:PATH} is a client
 * too. gunicorn 25 uses a 4-byte length prefix instead; a line needs no client library.
 */
final class JsonLines {
    /** A request or response longer than this is refused: a status of a thousand workers is well under. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private JsonLines() {
    }

    /** The next line without its newline, or null at end of stream. */
    static String read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() == MAX_LINE_BYTES) {
                throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    static void write(OutputStream out, String json) throws IOException {
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
