package io.junicorn.servlet;

/**
 * The request itself is at fault (a malformed multipart body, a form or upload over its limit): the status
 * travels with the error to the error dispatch. It is an IllegalStateException because that is what the
 * specification makes getParts and getParameter throw for bodies over their limits.
 */
final class RequestRejected extends IllegalStateException {
    private final int status;

    RequestRejected(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
