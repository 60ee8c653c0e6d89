package io.junicorn.master.arbiter;

import io.junicorn.common.settings.Config;

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

    /** The settings the current generation of workers was started with. */
    Config config();

    /** The current generation's listeners, as URLs (http://127.0.0.1:8000, unix:/run/app.sock). */
    List<String> listeners();

    void addWorkers(int count);

    void removeWorkers(int count);

    void reload();

    /** TERM to one worker, which finishes its requests and is replaced (gunicorn's {@code worker kill PID}). */
    void stopWorker(int pid);

    void reopenLogs();

    void shutdown(boolean graceful);
}
