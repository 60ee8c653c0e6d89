package io.junicorn.master.arbiter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the master's own process is allowed and runs at, from /proc: the policy on worker priorities needs it. */
final class MasterProcess {
    private MasterProcess() {
    }

    /** Whether the effective user is root ("Uid:" in /proc/self/status: real, effective, saved, filesystem). */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: not known to be root
        }
        return false;
    }

    /** The nice value of the calling thread: field 19 of /proc/thread-self/stat, counted after the command's ")". */
    static int niceValue() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
