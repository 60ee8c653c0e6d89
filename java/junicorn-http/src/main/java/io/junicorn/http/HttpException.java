package io.junicorn.http;

/**
 * A request the codec refuses. The status travels with the error (helidon's {@code RequestException},
 * Jetty's {@code BadMessageException}); the reason names the rule and is safe to send to the client:
 * it never quotes bytes received from the wire.
 */
public final class HttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpException(int status, String reason) {
        super(reason, null, false, false); // no stack: these are expected and cheap
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }

    static HttpException badRequest(String reason) {
        return new HttpException(400, reason);
    }
}
