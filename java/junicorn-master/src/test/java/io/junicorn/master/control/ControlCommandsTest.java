package io.junicorn.master.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.junicorn.master.arbiter.MasterControl;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Control socket requests and answers against a recording MasterControl, without a socket. */
class ControlCommandsTest {
    private final List<String> calls = new ArrayList<>();
    private final MasterControl control = new MasterControl() {
        @Override
        public Status status() {
            return new Status(10, 2, 2, 65_000, List.of(new WorkerStatus(11, 2, 3, 60_000, "ready", 42),
                    new WorkerStatus(12, 2, 4, 1_000, "booting", 0)));
        }

        @Override
        public io.junicorn.common.settings.Config config() {
            return io.junicorn.common.settings.Config.decode("", "com.example.App");
        }

        @Override
        public List<String> listeners() {
            return List.of("http://127.0.0.1:8000", "unix:/run/app.sock");
        }

        @Override
        public void stopWorker(int pid) {
            calls.add("stop " + pid);
        }

        @Override
        public void addWorkers(int count) {
            calls.add("add " + count);
        }

        @Override
        public void removeWorkers(int count) {
            calls.add("remove " + count);
        }

        @Override
        public void reload() {
            calls.add("reload");
        }

        @Override
        public void reopenLogs() {
            calls.add("reopen");
        }

        @Override
        public void shutdown(boolean graceful) {
            calls.add(graceful ? "graceful" : "quick");
        }
    };
    private final ControlCommands commands = new ControlCommands(control,
            pid -> pid == 12 ? OptionalLong.empty() : OptionalLong.of(pid * 1_048_576));

    private JsonNode answer(String request) throws Exception {
        return ControlCommands.JSON.readTree(commands.answer(request));
    }

    @Test
    void statusListsEveryWorkerWithItsMemory() throws Exception {
        JsonNode response = answer("{\"id\":7,\"command\":\"status\"}");
        assertEquals(7, response.path("id").asInt());
        assertTrue(response.path("ok").asBoolean());
        JsonNode data = response.path("data");
        assertEquals(10, data.path("pid").asInt());
        assertEquals(10 * 1_048_576, data.path("memory_pss_bytes").asLong());
        assertEquals(2, data.path("workers").size());
        JsonNode first = data.path("workers").get(0);
        assertEquals(11, first.path("pid").asInt());
        assertEquals(3, first.path("age").asInt());
        assertEquals(42, first.path("requests").asInt());
        assertEquals("ready", first.path("state").asText());
        assertEquals(11 * 1_048_576, first.path("memory_pss_bytes").asLong());
        assertTrue(data.path("workers").get(1).path("memory_pss_bytes").isNull());
        assertTrue(calls.isEmpty());
    }

    @Test
    void commandsReachTheArbiter() throws Exception {
        assertTrue(answer("{\"command\":\"workers add\",\"args\":[2]}").path("ok").asBoolean());
        assertTrue(answer("{\"command\":\"workers add\"}").path("ok").asBoolean());
        assertTrue(answer("{\"command\":\"workers remove\",\"args\":[\"3\"]}").path("ok").asBoolean());
        assertTrue(answer("{\"command\":\"reload\"}").path("ok").asBoolean());
        assertTrue(answer("{\"command\":\"reopen\"}").path("ok").asBoolean());
        assertTrue(answer("{\"command\":\"shutdown\",\"args\":[\"quick\"]}").path("ok").asBoolean());
        assertTrue(answer("{\"command\":\"shutdown\"}").path("ok").asBoolean());
        assertEquals(List.of("add 2", "add 1", "remove 3", "reload", "reopen", "quick", "graceful"), calls);
    }

    @Test
    void badRequestsAreRefusedWithAReason() throws Exception {
        for (String request : List.of("not json", "[1]", "{\"command\":\"explode\"}",
                "{\"command\":\"workers add\",\"args\":[0]}", "{\"command\":\"workers add\",\"args\":[\"x\"]}",
                "{\"command\":\"shutdown\",\"args\":[\"later\"]}", "{\"command\":\"worker kill\",\"args\":[13]}",
                "{\"command\":\"worker kill\",\"args\":[\"-1\"]}", "{\"command\":\"worker kill\"}")) {
            JsonNode response = answer(request);
            assertFalse(response.path("ok").asBoolean(), request);
            assertFalse(response.path("error").asText().isEmpty(), request);
        }
        assertTrue(calls.isEmpty());
    }

    @Test
    void showsConfigListenersAndHelp() throws Exception {
        JsonNode config = answer("{\"command\":\"show config\"}").path("data").path("config");
        assertEquals("com.example.App", config.path("app").asText());
        assertEquals(1, config.path("workers").asInt());
        assertEquals("0600", config.path("control_socket_mode").asText());
        assertEquals(List.of("http://127.0.0.1:8000", "unix:/run/app.sock"), List.of(
                answer("{\"command\":\"show listeners\"}").path("data").path("listeners").get(0).asText(),
                answer("{\"command\":\"show listeners\"}").path("data").path("listeners").get(1).asText()));
        assertTrue(answer("{\"command\":\"help\"}").path("data").path("commands").has("worker kill PID"));
    }

    @Test
    void workerKillStopsOnlyAWorkerOfThisMaster() throws Exception {
        assertTrue(answer("{\"command\":\"worker kill\",\"args\":[\"12\"]}").path("ok").asBoolean());
        assertEquals(List.of("stop 12"), calls);
    }
}
