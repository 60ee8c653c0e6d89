package io.junicorn.websocket;

import java.io.IOException;

/**
 * The session must end with this close code: thrown out of the codec's Receiver (whose methods may throw only
 * IOException) by a rule the container enforces, such as the message size limit (1009) or a message of a kind the
 * endpoint has no handler for (1003).
 */
final class CloseNow extends IOException {
    private final int code;

    CloseNow(int code, String reason) {
        super(reason);
        this.code = code;
    }

    int code() {
        return code;
    }
}
