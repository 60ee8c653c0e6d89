package io.junicorn.master.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junicorn.master.arbiter.MasterControl;

import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * The control socket's commands, one request line in, one response line out:
 * {@code {"id":1,"command":"workers add","args":[2]}} gets {@code {"id":1,"ok":true,"data":{...}}} or
 * {@code {"id":1,"ok":false,"error":"..."}}. Commands other than status are queued for the arbiter loop, as a
 * signal would be; the answer says what was asked, and status shows when it is done.
 */
final class ControlCommands {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Each command with what it does; {@code help} answers with this, and ControlClient's usage shows it. */
    static final Map<String, String> COMMANDS = commands(
            "status", "the master and every worker: pid, age, requests, state, memory",
            "show config", "the settings the current workers were started with",
            "show listeners", "the sockets the current workers serve",
            "workers add [N]", "N more workers (default 1)",
            "workers remove [N]", "N fewer workers, never below one (default 1)",
            "worker kill PID", "TERM to one worker: it finishes its requests and is replaced",
            "reload", "a new generation of workers, as HUP",
            "reopen", "reopen log files, as USR1",
            "shutdown [graceful|quick]", "stop the server, as TERM (graceful, the default) or QUIT",
            "help", "these commands");

    private final MasterControl control;
    private final LongFunction<OptionalLong> memory;

    ControlCommands(MasterControl control, LongFunction<OptionalLong> memory) {
        this.control = control;
        this.memory = memory;
    }

    String answer(String line) {
        ObjectNode response = JSON.createObjectNode();
        try {
            JsonNode request = JSON.readTree(line);
            if (request == null || !request.isObject()) {
                throw new IllegalArgumentException("a request is one JSON object, as {\"command\":\"status\"}");
            }
            response.set("id", request.get("id"));
            response.put("ok", true);
            response.set("data", run(request.path("command").asText(""), request.path("args")));
        } catch (JsonProcessingException e) {
            return error(response, "not JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            return error(response, e.getMessage());
        }
        return response.toString();
    }

    private static String error(ObjectNode response, String message) {
        response.put("ok", false);
        response.remove("data");
        response.put("error", message);
        return response.toString();
    }

    private JsonNode run(String command, JsonNode args) {
        return switch (command) {
            case "status" -> status();
            case "show config" -> showConfig();
            case "show listeners" -> {
                ObjectNode data = JSON.createObjectNode();
                control.listeners().forEach(data.putArray("listeners")::add);
                yield data;
            }
            case "worker kill" -> {
                int pid = workerPid(args);
                control.stopWorker(pid);
                yield message("stopping worker " + pid + " gracefully; a new one replaces it");
            }
            case "help" -> {
                ObjectNode data = JSON.createObjectNode();
                COMMANDS.forEach(data.putObject("commands")::put);
                yield data;
            }
            case "workers add" -> {
                int count = count(args);
                control.addWorkers(count);
                yield message("adding " + count + " worker" + (count == 1 ? "" : "s"));
            }
            case "workers remove" -> {
                int count = count(args);
                control.removeWorkers(count);
                yield message("removing " + count + " worker" + (count == 1 ? "" : "s") + " (never below one)");
            }
            case "reload" -> {
                control.reload();
                yield message("reloading: a new generation of workers starts, the old one retires when it is ready");
            }
            case "reopen" -> {
                control.reopenLogs();
                yield message("reopening log files");
            }
            case "shutdown" -> shutdown(args);
            default -> throw new IllegalArgumentException("unknown command '" + command + "'; commands: "
                    + String.join(", ", COMMANDS.keySet()));
        };
    }

    private JsonNode shutdown(JsonNode args) {
        String mode = args.path(0).asText("graceful");
        if (!mode.equals("graceful") && !mode.equals("quick")) {
            throw new IllegalArgumentException("shutdown takes graceful or quick, not '" + mode + "'");
        }
        control.shutdown(mode.equals("graceful"));
        return message("shutting down " + (mode.equals("graceful") ? "gracefully" : "quickly"));
    }

    private static Map<String, String> commands(String... pairs) {
        Map<String, String> commands = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            commands.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(commands);
    }

    /** Name to value, in registry order, as --print-config shows them. */
    private JsonNode showConfig() {
        Config config = control.config();
        if (config == null) {
            throw new IllegalArgumentException("the master is still starting");
        }
        ObjectNode settings = JSON.createObjectNode();
        for (Setting setting : Registry.ALL) {
            settings.set(setting.name(), JSON.valueToTree(config.get(setting)));
        }
        ObjectNode data = JSON.createObjectNode();
        data.set("config", settings);
        return data;
    }

    /** A pid among the master's workers: anything else is refused, so ctl never signals a stranger. */
    private int workerPid(JsonNode args) {
        String text = args.path(0).asText("");
        if (!text.matches("[1-9][0-9]{0,9}") || Long.parseLong(text) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("worker kill takes a worker's pid, not '" + text + "'");
        }
        int pid = Integer.parseInt(text);
        if (control.status().workers().stream().noneMatch(worker -> worker.pid() == pid)) {
            throw new IllegalArgumentException(pid + " is not one of this master's workers");
        }
        return pid;
    }

    /** gunicorn's {@code worker add [N]}: one when not given. */
    private static int count(JsonNode args) {
        JsonNode first = args.path(0);
        if (first.isMissingNode()) {
            return 1;
        }
        String text = first.asText();
        if (!text.matches("[0-9]{1,4}") || Integer.parseInt(text) < 1) {
            throw new IllegalArgumentException("the number of workers must be 1 to 9999, not '" + text + "'");
        }
        return Integer.parseInt(text);
    }

    private JsonNode status() {
        MasterControl.Status status = control.status();
        ObjectNode data = JSON.createObjectNode();
        data.put("pid", status.pid());
        data.put("generation", status.generation());
        data.put("target_workers", status.targetWorkers());
        data.put("uptime_ms", status.uptimeMillis());
        putMemory(data, status.pid());
        ArrayNode workers = data.putArray("workers");
        for (MasterControl.WorkerStatus worker : status.workers()) {
            ObjectNode entry = workers.addObject();
            entry.put("pid", worker.pid());
            entry.put("generation", worker.generation());
            entry.put("age", worker.age());
            entry.put("uptime_ms", worker.uptimeMillis());
            entry.put("state", worker.state());
            entry.put("requests", worker.requests());
            putMemory(entry, worker.pid());
        }
        return data;
    }

    private void putMemory(ObjectNode node, long pid) {
        OptionalLong pss = memory.apply(pid);
        if (pss.isPresent()) {
            node.put("memory_pss_bytes", pss.getAsLong());
        } else {
            node.putNull("memory_pss_bytes");
        }
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text);
    }
}
