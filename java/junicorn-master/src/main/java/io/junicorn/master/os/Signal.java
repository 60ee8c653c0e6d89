package io.junicorn.master.os;

/** The signals junicorn sends and handles, named by Linux's numbers (x86-64 and arm64 agree on these). */
public enum Signal {
    HUP(1), INT(2), QUIT(3), ABRT(6), KILL(9), USR1(10), USR2(12), TERM(15), CHLD(17), TTIN(21), TTOU(22),
    WINCH(28);

    public final int number;

    Signal(int number) {
        this.number = number;
    }

    public static Signal of(int number) {
        for (Signal signal : values()) {
            if (signal.number == number) {
                return signal;
            }
        }
        return null;
    }
}
