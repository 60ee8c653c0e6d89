package io.junicorn.servlet;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * getWriter's characters, encoded straight into the response buffer: an OutputStreamWriter would keep its own
 * 8 KiB that resetBuffer and isCommitted cannot see. A high surrogate at the end of a write waits for its pair.
 */
final class ResponseWriter extends Writer {
    private final ResponseOutput output;
    private final Charset charset;
    private char pendingHighSurrogate;

    ResponseWriter(ResponseOutput output, Charset charset) {
        this.output = output;
        this.charset = charset;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        StringBuilder text = new StringBuilder(length + 1);
        if (pendingHighSurrogate != 0) {
            text.append(pendingHighSurrogate);
            pendingHighSurrogate = 0;
        }
        text.append(chars, offset, length);
        char last = text.charAt(text.length() - 1);
        if (Character.isHighSurrogate(last)) {
            pendingHighSurrogate = last;
            text.setLength(text.length() - 1);
        }
        byte[] bytes = text.toString().getBytes(charset);
        output.write(bytes, 0, bytes.length);
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        write(text.toCharArray(), offset, length);
    }

    @Override
    public void flush() throws IOException {
        output.flush();
    }

    @Override
    public void close() throws IOException {
        output.close();
    }

    /** resetBuffer also forgets a half-written character. */
    void reset() {
        pendingHighSurrogate = 0;
    }
}
