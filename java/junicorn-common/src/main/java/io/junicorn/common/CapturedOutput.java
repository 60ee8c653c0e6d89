package io.junicorn.common;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * {@code --capture-output}: the application's System.out and System.err appended to the error log file,
 * reopened on USR1 with the log files. This is the Java level only: what the JVM itself writes to fds 1
 * and 2 (a crash report's summary, {@code -Xlog} to stdout, a native library's printf) still goes to the
 * master's stdout and stderr (docs/design.md, Logging).
 */
final class CapturedOutput extends OutputStream {
    private static final PrintStream ORIGINAL_OUT = System.out;
    private static final PrintStream ORIGINAL_ERR = System.err;
    private static CapturedOutput current;

    private final String path;
    private FileOutputStream file;

    private CapturedOutput(String path) throws IOException {
        this.path = path;
        this.file = new FileOutputStream(path, true);
    }

    /** Sends System.out and System.err to the file; null puts the process's own streams back. */
    static synchronized void capture(String path) throws IOException {
        CapturedOutput previous = current;
        if (path == null) {
            current = null;
            System.setOut(ORIGINAL_OUT);
            System.setErr(ORIGINAL_ERR);
        } else if (previous == null || !previous.path.equals(path)) {
            current = new CapturedOutput(path);
            System.setOut(new PrintStream(current, true));
            System.setErr(new PrintStream(current, true));
        } else {
            return;
        }
        if (previous != null) {
            previous.close();
        }
    }

    static synchronized void reopen() throws IOException {
        if (current != null) {
            current.reopenFile();
        }
    }

    private synchronized void reopenFile() throws IOException {
        FileOutputStream old = file;
        file = new FileOutputStream(path, true);
        old.close();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        file.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        file.write(bytes, offset, length);
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
