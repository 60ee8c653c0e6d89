package io.junicorn.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * The request body as a ServletInputStream. Reads block (the engine gives each request its own thread), so
 * isReady is always true and a ReadListener is called on the async context's thread until the body ends.
 */
final class RequestInput extends ServletInputStream {
    private final InputStream body;
    private final ContainerRequest request;
    private volatile boolean finished;
    private volatile long consumed;

    RequestInput(InputStream body, ContainerRequest request) {
        this.body = body;
        this.request = request;
    }

    @Override
    public int read() throws IOException {
        int b = body.read();
        finished |= b < 0;
        consumed += b < 0 ? 0 : 1;
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = body.read(buffer, offset, length);
        finished |= n < 0;
        consumed += Math.max(n, 0);
        return n;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
        if (listener == null) {
            throw new NullPointerException("readListener");
        }
        if (!request.isAsyncStarted()) {
            throw new IllegalStateException("setReadListener needs request.startAsync() first (Servlet 6.1 section 5.3)");
        }
        request.asyncState().start(() -> {
            try {
                while (!finished) {
                    long before = consumed;
                    listener.onDataAvailable();
                    if (consumed == before && !finished) {
                        throw new IOException("the ReadListener's onDataAvailable read nothing although the"
                                + " stream was ready");
                    }
                }
                listener.onAllDataRead();
            } catch (IOException | RuntimeException e) {
                listener.onError(e);
            }
        });
    }
}
