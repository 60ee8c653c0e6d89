package io.junicorn.servlet;

import com.sun.net.httpserver.HttpExchange;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The HttpServletResponse over the engine's HttpExchange. Status, headers and body stay in this object until
 * the buffer commits them ({@link ResponseOutput}); Content-Type and Content-Length set as headers behave like
 * their setters (Jersey sets Content-Type with addHeader). sendError and sendRedirect suspend the response: the
 * container then serves the error page or sends the redirect when the servlet returns.
 */
final class ContainerResponse implements HttpServletResponse {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private enum Body { NONE, STREAM, WRITER }

    private final ContainerRequest request;
    private final HttpExchange exchange;
    private final ResponseHeaders headers = new ResponseHeaders();
    private final ResponseOutput output = new ResponseOutput(this);
    private int status = 200;
    private String contentType;
    private String characterEncoding;
    private boolean charsetSetExplicitly;
    private long contentLength = -1;
    private Locale locale;
    private Body body = Body.NONE;
    private PrintWriter writer;
    private ResponseWriter responseWriter;
    private boolean suspended;
    private int errorStatus;
    private String errorMessage;

    ContainerResponse(ContainerRequest request, HttpExchange exchange) {
        this.request = request;
        this.exchange = exchange;
        this.characterEncoding = request.context().getResponseCharacterEncoding();
    }

    boolean isSuspended() {
        return suspended;
    }

    /** Nonzero after sendError: the container owes the client an error page with this status. */
    int errorStatus() {
        return errorStatus;
    }

    String errorMessage() {
        return errorMessage;
    }

    long contentLength() {
        return contentLength;
    }

    ResponseOutput output() {
        return output;
    }

    /** The error page may write: the buffer is emptied and the response no longer suspended. */
    void beginErrorPage(int status) {
        suspended = false;
        errorStatus = 0;
        output.reopen();
        if (responseWriter != null) {
            responseWriter.reset();
        }
        body = Body.NONE;
        writer = null;
        contentLength = -1;
        this.status = status;
    }

    /**
     * Sends the status line and headers; {@code length} is the whole body's length when known (the request is
     * over and everything fit in the buffer), else -1 (chunked unless the application set a Content-Length).
     */
    OutputStream commit(long length) throws IOException {
        String type = getContentType();
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        if (locale != null && !headers.contains("Content-Language")) {
            exchange.getResponseHeaders().set("Content-Language", locale.toLanguageTag());
        }
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        long declared = contentLength >= 0 ? contentLength : length;
        boolean head = request.getMethod().equals("HEAD");
        if (head && declared >= 0) {
            // a HEAD answer describes the GET one; the engine keeps an application's Content-Length for HEAD
            exchange.getResponseHeaders().set("Content-Length", Long.toString(declared));
        }
        int code = status == 101 && request.upgrading() ? 101 : status < 200 || status > 599 ? 500 : status;
        boolean noBody = code == 101 || code == 204 || code == 304 || declared == 0;
        if (!noBody && request.context().compression().applies(exchange.getRequestHeaders(),
                exchange.getResponseHeaders(), request.getMethod(), code, type, declared)) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.getResponseHeaders().remove("Content-Length");
            exchange.sendResponseHeaders(code, 0);
            return ResponseCompression.wrap(exchange.getResponseBody());
        }
        exchange.sendResponseHeaders(code, noBody ? -1 : declared > 0 ? declared : 0);
        return exchange.getResponseBody();
    }

    @Override
    public void addCookie(Cookie cookie) {
        addHeader("Set-Cookie", Cookies.format(cookie));
    }

    @Override
    public boolean containsHeader(String name) {
        if (name.equalsIgnoreCase("Content-Type")) {
            return contentType != null;
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            return contentLength >= 0;
        }
        return headers.contains(name);
    }

    /** Sessions travel in cookies only, so URLs never carry ";jsessionid=". */
    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("sendError(" + sc + ") after the response was committed");
        }
        resetBuffer();
        status = sc;
        errorStatus = sc;
        errorMessage = msg;
        suspended = true;
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("sendRedirect after the response was committed");
        }
        if (clearBuffer) {
            resetBuffer();
        }
        status = sc;
        headers.set("Location", RedirectLocation.absolute(request, location));
        if (clearBuffer) {
            suspended = true;
        } else {
            output.flushBuffer(false);
            suspended = true;
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, HTTP_DATE.format(Instant.ofEpochMilli(date)));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, HTTP_DATE.format(Instant.ofEpochMilli(date)));
    }

    @Override
    public void setHeader(String name, String value) {
        if (name == null || isCommitted()) {
            return;
        }
        if (name.equalsIgnoreCase("Content-Type")) {
            if (value == null) {
                contentType = null;
            } else {
                setContentType(value);
            }
        } else if (name.equalsIgnoreCase("Content-Length")) {
            contentLength = value == null ? -1 : Long.parseLong(value.strip());
        } else {
            headers.set(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (name == null || value == null || isCommitted()) {
            return;
        }
        if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")) {
            setHeader(name, value);
        } else {
            headers.add(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setStatus(int sc) {
        if (!isCommitted()) {
            status = sc;
        }
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public String getHeader(String name) {
        if (name.equalsIgnoreCase("Content-Type")) {
            return getContentType();
        }
        if (name.equalsIgnoreCase("Content-Length")) {
            return contentLength < 0 ? null : Long.toString(contentLength);
        }
        return headers.first(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")) {
            String value = getHeader(name);
            return value == null ? List.of() : List.of(value);
        }
        return headers.all(name);
    }

    @Override
    public Collection<String> getHeaderNames() {
        List<String> names = new ArrayList<>(headers.names());
        if (contentType != null) {
            names.add("Content-Type");
        }
        if (contentLength >= 0) {
            names.add("Content-Length");
        }
        return names;
    }

    @Override
    public void setTrailerFields(Supplier<Map<String, String>> supplier) {
        throw new IllegalStateException("junicorn does not send trailer fields");
    }

    @Override
    public Supplier<Map<String, String>> getTrailerFields() {
        return null;
    }

    /** The response charset: set explicitly or by content type or locale, else ISO-8859-1 (section 5.6). */
    @Override
    public String getCharacterEncoding() {
        return characterEncoding == null ? "ISO-8859-1" : characterEncoding;
    }

    @Override
    public String getContentType() {
        if (contentType == null) {
            return null;
        }
        if (characterEncoding != null && (charsetSetExplicitly || body == Body.WRITER)) {
            return contentType + ";charset=" + characterEncoding;
        }
        return contentType;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (body == Body.WRITER) {
            throw new IllegalStateException("getOutputStream after getWriter");
        }
        body = Body.STREAM;
        return output;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (body == Body.STREAM) {
            throw new IllegalStateException("getWriter after getOutputStream");
        }
        if (writer == null) {
            if (characterEncoding == null) {
                characterEncoding = "ISO-8859-1";
            }
            Charset charset;
            try {
                charset = ContentTypes.lookup(characterEncoding);
            } catch (UnsupportedCharsetException e) {
                // the checked exception getWriter declares for this, which applications may catch
                throw new UnsupportedEncodingException(characterEncoding);
            }
            responseWriter = new ResponseWriter(output, charset);
            writer = new PrintWriter(responseWriter, false);
            body = Body.WRITER;
        }
        return writer;
    }

    @Override
    public void setCharacterEncoding(String charset) {
        if (isCommitted() || body == Body.WRITER) {
            return;
        }
        if (charset == null) {
            characterEncoding = null;
            charsetSetExplicitly = false;
            return;
        }
        characterEncoding = charset;
        charsetSetExplicitly = true;
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (!isCommitted()) {
            contentLength = len;
        }
    }

    @Override
    public void setContentType(String type) {
        if (isCommitted()) {
            return;
        }
        if (type == null) {
            contentType = null;
            if (body != Body.WRITER) {
                charsetSetExplicitly = false;
                characterEncoding = request.context().getResponseCharacterEncoding();
            }
            return;
        }
        String charset = ContentTypes.charsetName(type);
        contentType = ContentTypes.withoutCharset(type);
        if (charset != null && body != Body.WRITER) {
            characterEncoding = charset;
            charsetSetExplicitly = true;
        }
    }

    @Override
    public void setBufferSize(int size) {
        if (isCommitted()) {
            throw new IllegalStateException("setBufferSize after the response was committed");
        }
        output.bufferSize(size);
    }

    @Override
    public int getBufferSize() {
        return output.bufferSize();
    }

    @Override
    public void flushBuffer() throws IOException {
        if (!suspended) {
            output.flushBuffer(false);
        }
    }

    @Override
    public void resetBuffer() {
        if (output.isCommitted()) {
            throw new IllegalStateException("resetBuffer after the response was committed");
        }
        output.resetBuffer();
        if (responseWriter != null) {
            responseWriter.reset();
        }
    }

    /** Committed once bytes went out, and also after sendError and sendRedirect (section 10.9.1). */
    @Override
    public boolean isCommitted() {
        return output.isCommitted() || suspended;
    }

    @Override
    public void reset() {
        if (isCommitted()) {
            throw new IllegalStateException("reset after the response was committed");
        }
        resetBuffer();
        headers.clear();
        status = 200;
        contentType = null;
        contentLength = -1;
        characterEncoding = request.context().getResponseCharacterEncoding();
        charsetSetExplicitly = false;
        locale = null;
        body = Body.NONE;
        writer = null;
        responseWriter = null;
    }

    @Override
    public void setLocale(Locale locale) {
        if (isCommitted() || locale == null) {
            return;
        }
        this.locale = locale;
    }

    @Override
    public Locale getLocale() {
        return locale == null ? Locale.getDefault() : locale;
    }

    void startWriteListener(WriteListener listener) {
        if (!request.isAsyncStarted()) {
            throw new IllegalStateException("setWriteListener needs request.startAsync() first (section 5.5)");
        }
        request.asyncState().start(() -> {
            try {
                listener.onWritePossible();
            } catch (IOException | RuntimeException e) {
                listener.onError(e);
            }
        });
    }

    /** The body the container writes when no error page answers sendError or an exception. */
    void writeErrorReport(int code, String message) throws IOException {
        beginErrorPage(code);
        setContentType("text/html;charset=UTF-8");
        String reason = ErrorReport.reason(code);
        StringBuilder html = new StringBuilder("<!doctype html><html><head><title>").append(code).append(' ')
                .append(reason).append("</title></head><body><h1>").append(code).append(' ').append(reason)
                .append("</h1>");
        if (message != null && !message.isEmpty()) {
            html.append("<p>").append(ErrorReport.escape(message)).append("</p>");
        }
        html.append("</body></html>\n");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        output.write(bytes, 0, bytes.length);
    }
}
