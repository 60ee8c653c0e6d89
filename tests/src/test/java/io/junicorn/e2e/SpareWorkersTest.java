package io.junicorn.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --spare-workers: a spare boots, accepts nothing while it stands by, serves as soon as a worker goes (SIGKILL, TTIN)
 * while a new spare boots behind it, and is replaced by the new generation's on a reload.
 */
class SpareWorkersTest {
    private static final Pattern SPARE_BOOTED = Pattern.compile("Booted as a spare \\(pid: (\\d+)\\)");

    @ParameterizedTest
    @ValueSource(strings = {"sync", "nio"})
    void aSpareStandsByThenServesInPlaceOfAWorkerThatWent(String workerClass) throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "2", "--spare-workers", "1", "-k", workerClass)) {
            long spare = awaitNewSpare(server, Set.of());
            Junicorn.await("2 workers and a spare", Duration.ofSeconds(30), () -> server.workerPids().size() == 3);
            List<Long> serving = new ArrayList<>(server.workerPids());
            serving.remove(spare);

            Set<Long> answered = answeringPids(server, 60);
            assertTrue(serving.containsAll(answered), "only the 2 workers answer, not the spare " + spare
                    + ": " + answered);

            long victim = serving.get(0);
            Junicorn.signal(victim, "KILL");
            server.awaitLog("Worker \\(pid:" + spare + "\\), a spare, serves in place of a missing worker",
                    Duration.ofSeconds(10));
            awaitAnswerFrom(server, spare);
            long next = awaitNewSpare(server, Set.of(spare));
            Junicorn.await("2 workers and the new spare", Duration.ofSeconds(30), () -> {
                List<Long> pids = server.workerPids();
                return pids.size() == 3 && !pids.contains(victim) && pids.contains(next);
            });
            assertFalse(answeringPids(server, 40).contains(next), "the new spare stands by");

            server.signal("TTIN");
            server.awaitLog("Worker \\(pid:" + next + "\\), a spare, serves in place of a missing worker",
                    Duration.ofSeconds(10));
            awaitAnswerFrom(server, next);
            long third = awaitNewSpare(server, Set.of(spare, next));

            server.signal("HUP");
            long reloaded = awaitNewSpare(server, Set.of(spare, next, third));
            Junicorn.await("the configured 2 workers of generation 2 and its spare", Duration.ofSeconds(60), () -> {
                List<Long> pids = server.workerPids();
                return pids.size() == 3 && pids.contains(reloaded) && !pids.contains(spare) && !pids.contains(next)
                        && !pids.contains(third);
            });
            assertFalse(answeringPids(server, 40).contains(reloaded), "the new generation's spare stands by");
            server.stopCleanly("was sent SIGKILL");
        }
    }

    @Test
    void aWorkerRecycledByMaxRequestsHandsOverToTheSpare() throws Exception {
        try (Junicorn server = Junicorn.hello("-w", "1", "--spare-workers", "1", "--max-requests", "5",
                "--max-requests-jitter", "0")) {
            long spare = awaitNewSpare(server, Set.of());
            List<Long> pids = new ArrayList<>();
            for (int i = 0; i < 10; i++) { // one connection each, after the previous answer: none may fail
                Http.Response response = Http.get(server.port(), "/pid");
                assertEquals(200, response.status(), response.head());
                pids.add(Long.parseLong(response.body()));
            }
            assertEquals(1, Set.copyOf(pids.subList(0, 5)).size(), "the first worker's 5: " + pids);
            assertFalse(pids.subList(0, 5).contains(spare), "the spare stood by meanwhile: " + pids);
            assertEquals(List.of(spare, spare, spare, spare, spare), pids.subList(5, 10),
                    "the spare serves the next 5: " + pids);
            server.awaitLog("Worker \\(pid:" + spare + "\\), a spare, serves in place of a missing worker",
                    Duration.ofSeconds(10));
            awaitNewSpare(server, Set.of(spare));
            server.stopCleanly();
        }
    }

    /** Waits for the log to show a spare booted that is not one of {@code known}; returns its pid. */
    private static long awaitNewSpare(Junicorn server, Set<Long> known) {
        long[] found = new long[1];
        server.awaitShowingLog("a new spare", Duration.ofSeconds(60), () -> {
            Matcher matcher = SPARE_BOOTED.matcher(server.log());
            while (matcher.find()) {
                long pid = Long.parseLong(matcher.group(1));
                if (!known.contains(pid)) {
                    found[0] = pid;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The pids that answer {@code count} requests, each on a connection of its own. */
    private static Set<Long> answeringPids(Junicorn server, int count) throws Exception {
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Http.Response response = Http.get(server.port(), "/pid");
            assertEquals(200, response.status());
            pids.add(Long.parseLong(response.body()));
        }
        return pids;
    }

    private static void awaitAnswerFrom(Junicorn server, long pid) {
        Junicorn.await("an answer from " + pid, Duration.ofSeconds(20), () -> {
            try {
                return Long.parseLong(Http.get(server.port(), "/pid").body()) == pid;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }
}
