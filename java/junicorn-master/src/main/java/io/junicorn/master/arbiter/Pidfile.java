package io.junicorn.master.arbiter;

import io.junicorn.common.settings.SettingsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The master's pidfile, written atomically after the listeners are bound and removed on exit. */
final class Pidfile {
    private Path path;
    private final long pid = ProcessHandle.current().pid();

    private Pidfile(Path path) {
        this.path = path;
    }

    /** Refuses a pidfile naming another live process: most often a second start by mistake. */
    static Pidfile create(String file) {
        Path path = Path.of(file).toAbsolutePath();
        Pidfile pidfile = new Pidfile(path);
        long existing = pidfile.read();
        if (existing > 0 && existing != pidfile.pid && ProcessHandle.of(existing).map(ProcessHandle::isAlive).orElse(false)) {
            throw new SettingsException("pidfile " + path + " names the running process " + existing
                    + ": already running, or remove the stale file");
        }
        try {
            Path temporary = Files.createTempFile(path.getParent(), ".junicorn-pid-", ".tmp");
            Files.writeString(temporary, pidfile.pid + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SettingsException("pidfile " + path + ": cannot write: " + e.getMessage());
        }
        return pidfile;
    }

    private long read() {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
            return text.matches("[0-9]{1,10}") ? Long.parseLong(text) : -1;
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new SettingsException("pidfile " + path + ": cannot read: " + e.getMessage());
        }
    }

    Path path() {
        return path;
    }

    /** Renames the file, which stays this master's: to PIDFILE.oldbin for a USR2 upgrade, and back. */
    void moveTo(Path target) throws IOException {
        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        path = target;
    }

    /** Removes the file unless another master has taken it over since. */
    void remove() {
        if (read() == pid) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // the operator sees a stale pidfile, which the next start reports and replaces
            }
        }
    }
}
