package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A sync worker stuck past --timeout gets ABRT, logs its stacks, dies, and is replaced. */
class TimeoutTest {

    @Test
    void stuckWorkerIsAbortedWithItsStackAndReplaced() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "1", "-k", "sync", "-t", "2")) {
            long stuck = server.awaitServingWorkers(1, Duration.ofSeconds(30)).get(0);
            try (Socket slow = Http.connect(server.port())) {
                Http.send(slow, "GET /sleep?s=30 HTTP/1.1\r\nHost: x\r\n\r\n");
                server.awaitLog("WORKER TIMEOUT \\(pid:" + stuck + "\\)", Duration.ofSeconds(15));
                server.awaitLog("(?s)Worker timed out \\(pid:" + stuck + "\\); stacks of its threads:"
                        + ".*?at \\S*io\\.junicorn\\.examples\\.Hello\\.sleep", Duration.ofSeconds(10));
            }
            List<Long> replaced = server.awaitServingWorkers(1, Duration.ofSeconds(30));
            assertFalse(replaced.contains(stuck));
            server.awaitLog("Worker \\(pid:" + stuck + "\\) exited with code 6", Duration.ofSeconds(5));
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors("WORKER TIMEOUT", "Worker timed out", "exited with code 6");
        }
    }
}
