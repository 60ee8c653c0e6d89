package io.junicorn.worker.app;

/** The application cannot be resolved or started: the worker exits 4 and the master halts with this one line. */
public final class AppLoadException extends Exception {
    /** @param message what failed; line breaks (from an exception's own message) are folded into spaces */
    public AppLoadException(String message, Throwable cause) {
        super(message.replaceAll("\\s*\\R\\s*", " "), cause);
    }
}
