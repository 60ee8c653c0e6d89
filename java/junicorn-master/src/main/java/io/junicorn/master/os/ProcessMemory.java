package io.junicorn.master.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's proportional set size (PSS): its private memory plus its share of what it maps with others, the
 * number that adds up across workers without counting the shared JDK files once per worker as RSS would.
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** PSS in bytes from /proc/PID/smaps_rollup (Linux 4.14+); empty when the process is gone or the file absent. */
    public static OptionalLong pss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return OptionalLong.of(kilobytes(line) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** "Pss:               37688 kB" */
    public static long kilobytes(String line) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        return Long.parseLong(value.substring(0, value.indexOf(' ')));
    }
}
