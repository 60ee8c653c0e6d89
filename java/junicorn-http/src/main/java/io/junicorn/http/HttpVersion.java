package io.junicorn.http;

/**
 * The versions the codec serves: HTTP/1.0 and HTTP/1.1 on an HTTP/1 connection (any other {@code HTTP/d.d}
 * there is refused with 505), HTTP/2 on an HTTP/2 connection.
 */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1"),
    /** What {@code getProtocol()} says for a request that came over HTTP/2, as Jetty and the Servlet API do. */
    HTTP_2_0("HTTP/2.0");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** The protocol as written on the request line, e.g. {@code HTTP/1.1}; {@code HTTP/2.0} for HTTP/2. */
    public String text() {
        return text;
    }
}
