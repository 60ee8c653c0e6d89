package io.junicorn.master.os;

/** How a reaped child ended, decoded from its wait status. */
public record ExitInfo(int code, int signal) {
    static ExitInfo ofWaitStatus(int status) {
        int termSignal = status & 0x7f;
        return termSignal == 0 ? new ExitInfo((status >> 8) & 0xff, 0) : new ExitInfo(-1, termSignal);
    }

    public boolean signaled() {
        return signal != 0;
    }

    @Override
    public String toString() {
        if (!signaled()) {
            return "exit " + code;
        }
        Signal known = Signal.of(signal);
        return "signal " + (known == null ? Integer.toString(signal) : "SIG" + known.name());
    }
}
