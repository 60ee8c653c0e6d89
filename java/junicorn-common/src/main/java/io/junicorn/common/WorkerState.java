package io.junicorn.common;

/** What a worker says about itself in its heartbeat slot. The master zeroes a slot before a spawn. */
public enum WorkerState {
    BOOTING(0),
    READY(1),
    STOPPING(2),
    /** Booted as one of the spare_workers: it accepts nothing until the master's USR2 tells it to serve. */
    SPARE(3);

    public final int code;

    WorkerState(int code) {
        this.code = code;
    }

    public static WorkerState ofCode(int code) {
        return switch (code) {
            case 1 -> READY;
            case 2 -> STOPPING;
            case 3 -> SPARE;
            default -> BOOTING;
        };
    }
}
