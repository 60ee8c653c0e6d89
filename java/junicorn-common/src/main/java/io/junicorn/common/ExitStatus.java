package io.junicorn.common;

/**
 * Exit statuses of the master and the workers. They are an interface: init systems, scripts and the
 * master itself act on them, so the same numbers are listed in docs/exit-codes.md and in the launcher.
 */
public final class ExitStatus {
    /** Normal exit: TERM, INT, QUIT, max-requests reached, parent gone. */
    public static final int OK = 0;
    /** Master: bad configuration, a listener that cannot be bound, a pidfile held by a live process. */
    public static final int CONFIG_ERROR = 1;
    /** Master: bad command line (unknown flag, missing value). */
    public static final int USAGE_ERROR = 2;
    /** Worker: failed before it could serve (gunicorn's WORKER_BOOT_ERROR); halts the master. */
    public static final int WORKER_BOOT_ERROR = 3;
    /** Worker: the application could not be loaded (gunicorn's APP_LOAD_ERROR); halts the master. */
    public static final int APP_LOAD_ERROR = 4;
    /** Worker: exited after SIGABRT from the master's timeout, having logged its threads' stacks. */
    public static final int ABORTED = 6;
    /** Master: an unexpected internal failure (a bug); the message and stack are in the error log. */
    public static final int INTERNAL_ERROR = 70;

    private ExitStatus() {
    }
}
