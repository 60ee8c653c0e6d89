package io.junicorn.http;

/** The two versions the codec accepts; any other {@code HTTP/d.d} is refused with 505. */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** The protocol as written on the request line, e.g. {@code HTTP/1.1}. */
    public String text() {
        return text;
    }
}
