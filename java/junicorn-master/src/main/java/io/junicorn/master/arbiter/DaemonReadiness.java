package io.junicorn.master.arbiter;

import io.junicorn.master.os.NativeException;
import io.junicorn.master.os.Os;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A daemon's word to the foreground process that started it (native/src/daemon.c): "ready PID" once the first
 * generation serves, or "failed REASON" when the master stops before; the foreground exits 0 or 1 on it. The
 * pipe's fd comes from the launcher as the property junicorn.daemon.ready_fd; without it nothing is sent.
 */
final class DaemonReadiness {
    private static final Logger log = LoggerFactory.getLogger(DaemonReadiness.class);

    private final Os os;
    private int fd = Integer.getInteger("junicorn.daemon.ready_fd", -1);

    DaemonReadiness(Os os) {
        this.os = os;
    }

    void ready() {
        send("ready " + ProcessHandle.current().pid());
    }

    void failed(String reason) {
        send("failed " + reason);
    }

    private void send(String message) {
        if (fd < 0) {
            return;
        }
        // The JDK cannot write to a bare fd number; /proc/self/fd/N opens the same pipe.
        try {
            Files.writeString(Path.of("/proc/self/fd/" + fd), message.replace('\n', ' ') + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("cannot tell the starting process that the daemon is {}: {}", message, e.getMessage());
        }
        try {
            os.close(fd);
        } catch (NativeException e) {
            log.warn("closing the readiness pipe failed: {}", e.getMessage());
        }
        fd = -1;
    }
}
