package io.junicorn.master.os;

import java.io.IOException;

/** A failed libjunicorn call: the message names the call and its arguments, then errno's text. */
public final class NativeException extends IOException {
    private final int errno;

    NativeException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
