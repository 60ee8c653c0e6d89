package io.junicorn.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The response body's buffer (Servlet 6.1 section 5.1): bytes stay here, so status and headers can still
 * change, until the buffer overflows, the application flushes, or the request ends; then the response is
 * committed and the buffer goes to the connection. Writes while the response is suspended (after sendError
 * or sendRedirect) are dropped, as the specification says.
 */
final class ResponseOutput extends ServletOutputStream {
    static final int DEFAULT_BUFFER = 8192;

    private final ContainerResponse response;
    private byte[] buffer = new byte[DEFAULT_BUFFER];
    private int count;
    private long written;
    private OutputStream connection;
    private boolean closed;

    ResponseOutput(ContainerResponse response) {
        this.response = response;
    }

    int bufferSize() {
        return buffer.length;
    }

    void bufferSize(int size) {
        if (count > 0) {
            throw new IllegalStateException("setBufferSize after content was written");
        }
        buffer = new byte[Math.max(size, 512)];
    }

    boolean hasContent() {
        return count > 0 || written > 0;
    }

    void resetBuffer() {
        count = 0;
    }

    /** Reopens the stream for an error page (after sendError the application may have closed it). */
    void reopen() {
        closed = false;
        count = 0;
    }

    int buffered() {
        return count;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        // after close (or once the Content-Length was written) further bytes are dropped, as Tomcat does
        if (closed || response.isSuspended() || length == 0) {
            return;
        }
        if (count + length > buffer.length) {
            flushBuffer(false);
            if (length > buffer.length) {
                connection.write(bytes, offset, length);
                written += length;
                completeWhenLengthReached();
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
        completeWhenLengthReached();
    }

    /** Section 5.7: the response is complete once the Content-Length the application set has been written. */
    private void completeWhenLengthReached() throws IOException {
        long length = response.contentLength();
        if (length >= 0 && written + count >= length) {
            close();
        }
    }

    /** Commits (when not yet) and writes what is buffered; {@code last}: nothing more will be written. */
    void flushBuffer(boolean last) throws IOException {
        if (connection == null) {
            connection = response.commit(last ? count : -1);
        }
        if (count > 0) {
            connection.write(buffer, 0, count);
            written += count;
            count = 0;
        }
    }

    boolean isCommitted() {
        return connection != null;
    }

    @Override
    public void flush() throws IOException {
        if (closed || response.isSuspended()) {
            return;
        }
        flushBuffer(false);
        connection.flush();
    }

    /** Completes the response: commits with the exact length when everything fit in the buffer. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (response.isSuspended()) {
            return;
        }
        flushBuffer(true);
        connection.close();
    }

    /** The request is over: whatever the application left open is sent now. */
    void finish() throws IOException {
        if (!closed) {
            closed = true;
            flushBuffer(true);
            connection.close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    /** Writes block (a thread per request), so the listener is told once, on the async context's thread. */
    @Override
    public void setWriteListener(WriteListener listener) {
        if (listener == null) {
            throw new NullPointerException("writeListener");
        }
        response.startWriteListener(listener);
    }
}
