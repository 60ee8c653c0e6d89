package io.junicorn.http;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed request head: request line, field lines in order with their original names, and the framing
 * decided once from all of them (RFC 9112 §6.3).
 */
public final class RequestHead {
    private final String method;
    private final String target;
    private final HttpVersion version;
    private final String[] names;
    private final String[] values;
    private final long contentLength;
    private final boolean chunked;
    private final boolean keepAlive;
    private final boolean expectContinue;

    RequestHead(String method, String target, HttpVersion version, String[] names, String[] values,
                long contentLength, boolean chunked, boolean keepAlive, boolean expectContinue) {
        this.method = method;
        this.target = target;
        this.version = version;
        this.names = names;
        this.values = values;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.keepAlive = keepAlive;
        this.expectContinue = expectContinue;
    }

    public String method() {
        return method;
    }

    /** The request-target exactly as received. */
    public String target() {
        return target;
    }

    public HttpVersion version() {
        return version;
    }

    public int fieldCount() {
        return names.length;
    }

    public String fieldName(int index) {
        return names[index];
    }

    public String fieldValue(int index) {
        return values[index];
    }

    /** The field lines in order, names as received. */
    public List<Field> fields() {
        return new AbstractList<>() {
            @Override
            public Field get(int index) {
                return new Field(names[index], values[index]);
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    /** The value of the first field with this name (ASCII case-insensitive), or null. */
    public String field(String name) {
        for (int i = 0; i < names.length; i++) {
            if (Ascii.equalsIgnoreCase(names[i], name)) {
                return values[i];
            }
        }
        return null;
    }

    /** The values of every field with this name, in order. */
    public List<String> fieldValues(String name) {
        List<String> all = new ArrayList<>(2);
        for (int i = 0; i < names.length; i++) {
            if (Ascii.equalsIgnoreCase(names[i], name)) {
                all.add(values[i]);
            }
        }
        return all;
    }

    /** The body length from Content-Length, or -1 when there is none (chunked or no body). */
    public long contentLength() {
        return contentLength;
    }

    public boolean chunked() {
        return chunked;
    }

    /** True when the request has a body to read: chunked, or a Content-Length above zero. */
    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** HTTP/1.1 unless {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}. */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** {@code Expect: 100-continue} on an HTTP/1.1 request (RFC 9110 §10.1.1). */
    public boolean expectContinue() {
        return expectContinue;
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version.text();
    }
}
