package io.junicorn.master.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code junicorn ctl --socket PATH [--json] COMMAND...}: sends one command to a master's control socket and
 * prints the answer, a table or a sentence, or with --json the answer's data as JSON. It runs in the
 * launcher's master-mode JVM but starts no arbiter, binds nothing and leaves signals alone.
 * Exit statuses: 0 done, 1 no answer or an error from the master, 2 bad usage.
 */
public final class ControlClient {
    static final String USAGE = "usage: junicorn ctl --socket PATH [--json] COMMAND\ncommands:\n"
            + ControlCommands.COMMANDS.entrySet().stream()
            .map(command -> String.format("  %-27s %s%n", command.getKey(), command.getValue()))
            .collect(java.util.stream.Collectors.joining());
    /** The master answers at once (commands are queued); longer means it is stuck, and ctl must not hang too. */
    static final long ANSWER_TIMEOUT_MILLIS = 30_000;

    private final PrintStream out;
    private final PrintStream err;

    ControlClient(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Arguments after {@code ctl}; returns the exit status. */
    public static int run(List<String> args) {
        return new ControlClient(System.out, System.err).execute(args);
    }

    /** What the command line asks: where, in which form, and the request to send. */
    record Invocation(Path socket, boolean json, ObjectNode request) {
    }

    int execute(List<String> args) {
        Invocation invocation;
        try {
            invocation = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("junicorn ctl: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (invocation == null) {
            out.print(USAGE);
            return 0;
        }
        JsonNode response;
        try {
            response = ControlCommands.JSON.readTree(exchange(invocation.socket(), invocation.request().toString()));
        } catch (IOException e) {
            err.println("junicorn ctl: " + invocation.socket() + ": " + e.getMessage());
            return 1;
        }
        if (!response.path("ok").asBoolean(false)) {
            err.println("junicorn ctl: the master refused: " + response.path("error").asText("no reason given"));
            return 1;
        }
        JsonNode data = response.path("data");
        if (invocation.json()) {
            out.println(data.toPrettyString());
        } else {
            print(invocation.request().path("command").asText(), data);
        }
        return 0;
    }

    private void print(String command, JsonNode data) {
        switch (command) {
            case "status" -> out.print(StatusTable.render(data));
            case "show config" -> data.path("config").properties().forEach(setting ->
                    out.printf("%-20s = %s%n", setting.getKey(), setting.getValue().isTextual()
                            ? setting.getValue().asText() : setting.getValue().toString()));
            case "show listeners" -> data.path("listeners").forEach(listener -> out.println(listener.asText()));
            case "help" -> data.path("commands").properties().forEach(entry ->
                    out.printf("  %-27s %s%n", entry.getKey(), entry.getValue().asText()));
            default -> out.println(data.path("message").asText());
        }
    }

    /** Null for --help. */
    static Invocation parse(List<String> args) {
        Path socket = null;
        boolean json = false;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            } else if (arg.equals("--json") || arg.equals("-j")) {
                json = true;
            } else if (arg.equals("--socket") || arg.equals("-s")) {
                if (i + 1 == args.size()) {
                    throw new IllegalArgumentException(arg + " needs a path");
                }
                socket = Path.of(args.get(++i));
            } else if (arg.startsWith("--socket=")) {
                socket = Path.of(arg.substring("--socket=".length()));
            } else if (arg.startsWith("-") && !arg.equals("-")) {
                throw new IllegalArgumentException("unknown option " + arg);
            } else {
                words.add(arg);
            }
        }
        if (socket == null) {
            throw new IllegalArgumentException("--socket PATH is required (the master's --control-socket)");
        }
        return new Invocation(socket, json, request(words));
    }

    private static ObjectNode request(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        ObjectNode request = ControlCommands.JSON.createObjectNode().put("id", 1);
        List<String> args;
        switch (words.get(0)) {
            case "status", "reload", "reopen", "help" -> {
                args = words.subList(1, words.size());
                request.put("command", words.get(0));
                expectAtMost(args, 0, words.get(0));
            }
            case "shutdown" -> {
                args = words.subList(1, words.size());
                request.put("command", "shutdown");
                expectAtMost(args, 1, "shutdown");
            }
            case "workers" -> {
                if (words.size() < 2 || !(words.get(1).equals("add") || words.get(1).equals("remove"))) {
                    throw new IllegalArgumentException("workers add [N] or workers remove [N]");
                }
                args = words.subList(2, words.size());
                request.put("command", "workers " + words.get(1));
                expectAtMost(args, 1, "workers " + words.get(1));
            }
            case "show" -> {
                if (words.size() != 2 || !(words.get(1).equals("config") || words.get(1).equals("listeners"))) {
                    throw new IllegalArgumentException("show config or show listeners");
                }
                args = List.of();
                request.put("command", "show " + words.get(1));
            }
            case "worker" -> {
                if (words.size() != 3 || !words.get(1).equals("kill")) {
                    throw new IllegalArgumentException("worker kill PID");
                }
                args = words.subList(2, 3);
                request.put("command", "worker kill");
            }
            default -> throw new IllegalArgumentException("unknown command '" + words.get(0) + "'");
        }
        ArrayNode array = request.putArray("args");
        args.forEach(array::add);
        return request;
    }

    private static void expectAtMost(List<String> args, int most, String command) {
        if (args.size() > most) {
            throw new IllegalArgumentException(command + " takes " + (most == 0 ? "no arguments" : "at most one argument"));
        }
    }

    /** One request line, one answer line; a watchdog closes the channel if the master does not answer. */
    static String exchange(Path socket, String request) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        try {
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(ANSWER_TIMEOUT_MILLIS);
                    channel.close();
                } catch (InterruptedException | IOException e) {
                    // answered in time, or already closed
                }
            });
            try {
                JsonLines.write(Channels.newOutputStream(channel), request);
                InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
                String answer = JsonLines.read(in);
                if (answer == null) {
                    throw new IOException("the master closed the connection without answering");
                }
                return answer;
            } catch (java.nio.channels.AsynchronousCloseException e) {
                throw new IOException("no answer within " + ANSWER_TIMEOUT_MILLIS / 1000 + " s");
            } finally {
                watchdog.interrupt();
            }
        } finally {
            channel.close();
        }
    }
}
