package io.junicorn.master.arbiter;

import java.util.List;

/**
 * What other threads of the master (the control socket, the metrics endpoint) may ask of the arbiter.
 * Commands are queued and carried out by the arbiter loop between its steps, as a signal would be;
 * the status is a snapshot the loop refreshes every iteration.
 */
public interface MasterControl {
    /** One worker as the master sees it. */
    record WorkerStatus(int pid, int generation, long age, long uptimeMillis, String state, long requests) {
    }

    /** The master and its workers, as of the arbiter's last loop iteration. */
    record Status(long pid, int generation, int targetWorkers, long uptimeMillis, List<WorkerStatus> workers) {
    }

    Status status();

    void addWorkers(int count);

    void removeWorkers(int count);

    void reload();

    void reopenLogs();

    void shutdown(boolean graceful);
}
