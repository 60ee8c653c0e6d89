package io.junicorn.master.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String firstLine(String workers) throws Exception {
        String status = "{\"pid\": 7, \"generation\": 2, \"target_workers\": 2, \"uptime_ms\": 90061000, "
                + "\"memory_pss_bytes\": 47185920, \"workers\": [" + workers + "]}";
        return StatusTable.render(JSON.readTree(status)).lines().findFirst().orElseThrow();
    }

    private static String worker(int pid, String state) {
        return "{\"pid\": " + pid + ", \"generation\": 2, \"age\": 1, \"state\": \"" + state + "\", \"requests\": 0, "
                + "\"uptime_ms\": 1000}";
    }

    @Test
    void theMasterLineCountsTheSparesApartFromTheWorkers() throws Exception {
        assertEquals("master 7: generation 2, 2 workers (target 2), up 1d 1:01:01, memory 45.0 MiB",
                firstLine(worker(10, "ready") + ", " + worker(11, "booting")));
        assertEquals("master 7: generation 2, 2 workers and 1 spare (target 2), up 1d 1:01:01, memory 45.0 MiB",
                firstLine(worker(10, "ready") + ", " + worker(11, "ready") + ", " + worker(12, "spare")));
        assertEquals("master 7: generation 2, 1 worker and 2 spares (target 2), up 1d 1:01:01, memory 45.0 MiB",
                firstLine(worker(10, "stopping") + ", " + worker(12, "spare") + ", " + worker(13, "spare")));
    }

    @Test
    void aWorkerRowShowsItsStateAndAnUnreadMemoryAsADash() throws Exception {
        String table = StatusTable.render(JSON.readTree("{\"pid\": 7, \"workers\": [" + worker(12, "spare") + "]}"));
        assertEquals("12           2     1 spare              0    0:00:01          -", table.lines().toList().get(2));
    }
}
