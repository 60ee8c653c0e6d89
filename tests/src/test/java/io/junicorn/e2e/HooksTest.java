package io.junicorn.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server hooks run in gunicorn's order, each in its process, across a start, a request, a HUP and a TERM. */
class HooksTest {
    /** LoggingHooks' lines: the pid of the process that ran the hook, the hook, what it was given. */
    private static final Pattern HOOK_LINE = Pattern.compile("^\\[[^]]+\\] \\[(\\d+)\\] \\[INFO\\] hook: (\\w+)(.*)$",
            Pattern.MULTILINE);
    private static final Pattern WORKER = Pattern.compile("worker pid:(\\d+) age:(\\d+) generation:(\\d+)");

    private record Hook(int index, long pid, String name, String details) {
        long workerPid() {
            return Long.parseLong(worker().group(1));
        }

        long age() {
            return Long.parseLong(worker().group(2));
        }

        int generation() {
            return Integer.parseInt(worker().group(3));
        }

        private Matcher worker() {
            Matcher matcher = WORKER.matcher(details);
            assertTrue(matcher.find(), "no worker in " + this);
            return matcher;
        }
    }

    @Test
    void orderAcrossStartHupAndTerm() throws Exception {
        List<Hook> hooks;
        long master;
        try (Junicorn server = Junicorn.hello("-w", "2", "--hooks", "io.junicorn.examples.LoggingHooks")) {
            master = server.pid();
            awaitHooks(server, "post_worker_init", 2);
            assertEquals(200, Http.get(server.port(), "/").status());
            awaitHooks(server, "post_request", 1);
            server.signal("HUP");
            server.awaitLog("Generation 2 is ready", Duration.ofSeconds(30));
            awaitHooks(server, "child_exit", 2);
            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors();
            hooks = parse(server.log());
        }

        List<Hook> masterHooks = hooks.stream().filter(hook -> hook.pid() == master).toList();
        assertEquals(List.of("on_starting", "nworkers_changed", "when_ready", "pre_fork", "pre_fork",
                        "on_reload", "pre_fork", "pre_fork", "child_exit", "child_exit", "child_exit", "child_exit",
                        "on_exit"),
                masterHooks.stream().map(Hook::name).toList(), "the master's hooks in order");
        assertEquals("on_exit", hooks.getLast().name(), "on_exit is the last hook of all");

        Map<Long, List<Hook>> byWorker = new LinkedHashMap<>();
        hooks.stream().filter(hook -> hook.pid() != master)
                .forEach(hook -> byWorker.computeIfAbsent(hook.pid(), pid -> new ArrayList<>()).add(hook));
        assertEquals(4, byWorker.size(), "two workers per generation: " + byWorker.keySet());
        int requests = 0;
        for (List<Hook> worker : byWorker.values()) {
            List<String> names = worker.stream().map(Hook::name).toList();
            if (names.contains("pre_request")) {
                requests++;
                assertEquals(List.of("post_fork", "post_worker_init", "pre_request", "post_request", "worker_exit"),
                        names, "the serving worker's hooks");
            } else {
                assertEquals(List.of("post_fork", "post_worker_init", "worker_exit"), names, "a worker's hooks");
            }
        }
        assertEquals(1, requests, "one request, seen by one worker");

        Hook onReload = find(masterHooks, "on_reload", 0);
        for (List<Hook> worker : byWorker.values()) {
            Hook postFork = worker.getFirst();
            assertEquals(worker.getFirst().pid(), postFork.workerPid(), "a worker sees its own pid");
            Hook preFork = masterHooks.stream().filter(hook -> hook.name().equals("pre_fork")
                    && hook.age() == postFork.age()).findFirst().orElseThrow();
            assertEquals(0, preFork.workerPid(), "pre_fork runs before the worker exists");
            assertEquals(preFork.generation(), postFork.generation());
            assertTrue(preFork.index() < postFork.index(), "pre_fork before its worker's post_fork: " + postFork);
            assertTrue(find(masterHooks, "when_ready", 0).index() < postFork.index(), "when_ready before workers");
            assertEquals(postFork.generation() == 2, onReload.index() < postFork.index(),
                    "generation 2 and only it starts after on_reload: " + postFork);

            Hook workerExit = worker.getLast();
            Hook childExit = masterHooks.stream().filter(hook -> hook.name().equals("child_exit")
                    && hook.workerPid() == workerExit.pid()).findFirst().orElseThrow();
            assertTrue(workerExit.index() < childExit.index(), "worker_exit before the master reaps it: " + childExit);
            assertTrue(childExit.details().endsWith("exit 0)"), childExit.toString());
            assertEquals(postFork.generation() == 1, childExit.index() < find(masterHooks, "child_exit", 2).index(),
                    "the reload retires generation 1 before TERM stops generation 2: " + childExit);
        }
    }

    private static void awaitHooks(Junicorn server, String name, int count) {
        Junicorn.await(count + " " + name + " hooks", Duration.ofSeconds(30),
                () -> parse(server.log()).stream().filter(hook -> hook.name().equals(name)).count() >= count);
    }

    private static List<Hook> parse(String log) {
        List<Hook> hooks = new ArrayList<>();
        Matcher matcher = HOOK_LINE.matcher(log);
        while (matcher.find()) {
            hooks.add(new Hook(hooks.size(), Long.parseLong(matcher.group(1)), matcher.group(2), matcher.group(3)));
        }
        return hooks;
    }

    private static Hook find(List<Hook> hooks, String name, int nth) {
        return hooks.stream().filter(hook -> hook.name().equals(name)).skip(nth).findFirst().orElseThrow();
    }
}
