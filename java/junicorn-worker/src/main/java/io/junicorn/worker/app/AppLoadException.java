package io.junicorn.worker.app;

/** The application cannot be resolved or started: the worker exits 4 and the master halts with this one line. */
public final class AppLoadException extends Exception {
    public AppLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
