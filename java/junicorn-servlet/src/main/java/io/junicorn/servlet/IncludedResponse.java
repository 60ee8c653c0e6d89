package io.junicorn.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The response an included servlet writes to: it may write the body, but status, headers and cookies are the
 * including servlet's (Servlet 6.1 section 9.3), and closing its stream does not end the response.
 */
final class IncludedResponse extends HttpServletResponseWrapper {
    private PrintWriter writer;
    private ServletOutputStream stream;

    IncludedResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            ServletOutputStream out = super.getOutputStream();
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }

                @Override
                public boolean isReady() {
                    return out.isReady();
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    out.setWriteListener(listener);
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter out = super.getWriter();
            writer = new PrintWriter(out) {
                @Override
                public void close() {
                    flush();
                }
            };
        }
        return writer;
    }

    @Override
    public void setStatus(int sc) {
    }

    @Override
    public void sendError(int sc, String msg) {
    }

    @Override
    public void sendError(int sc) {
    }

    @Override
    public void sendRedirect(String location) {
    }

    @Override
    public void sendRedirect(String location, boolean clearBuffer) {
    }

    @Override
    public void sendRedirect(String location, int sc) {
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) {
    }

    @Override
    public void setHeader(String name, String value) {
    }

    @Override
    public void addHeader(String name, String value) {
    }

    @Override
    public void setIntHeader(String name, int value) {
    }

    @Override
    public void addIntHeader(String name, int value) {
    }

    @Override
    public void setDateHeader(String name, long date) {
    }

    @Override
    public void addDateHeader(String name, long date) {
    }

    @Override
    public void addCookie(Cookie cookie) {
    }

    @Override
    public void setContentType(String type) {
    }

    @Override
    public void setContentLength(int len) {
    }

    @Override
    public void setContentLengthLong(long len) {
    }

    @Override
    public void setCharacterEncoding(String charset) {
    }

    @Override
    public void setLocale(Locale locale) {
    }

    @Override
    public void setBufferSize(int size) {
    }

    @Override
    public void reset() {
    }

    @Override
    public void resetBuffer() {
    }
}
