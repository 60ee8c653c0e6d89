package io.junicorn.e2e.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The application behind MisbehavingAppTest: every way an application can hurt the worker it runs in.
 * <ul>
 *   <li>/pid: the worker's pid (to tell workers apart);</li>
 *   <li>/big?mib=N: N MiB of response (a client may leave in the middle), /big-chunked?mib=N the same chunked;</li>
 *   <li>/oom: builds a result until the JVM throws OutOfMemoryError, /deep: recurses until StackOverflowError;</li>
 *   <li>/slow?ms=N: answers after N ms (a request in flight while another misbehaves);</li>
 *   <li>/exit?status=N: System.exit(N) in the middle of a request;</li>
 *   <li>/leak-fds: opens files until the process has no descriptor left, and keeps them;</li>
 *   <li>/crlf: a response header whose value holds CR LF;</li>
 *   <li>/short: declares 100 bytes and writes 10.</li>
 * </ul>
 */
public final class Misbehaving implements HttpHandler {
    /** The descriptors /leak-fds holds on to, so nothing gives them back. */
    private static final List<Object> LEAKED = new ArrayList<>();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            switch (path) {
                case "/pid" -> answer(exchange, String.valueOf(ProcessHandle.current().pid()));
                case "/big" -> big(exchange, number(query, 8), false);
                case "/big-chunked" -> big(exchange, number(query, 8), true);
                case "/oom" -> answer(exchange, "built " + buildTooMuch().size());
                case "/slow" -> {
                    System.err.println("slow request started"); // the worker's stderr is the master's log
                    sleep(number(query, 1000));
                    answer(exchange, "slow " + ProcessHandle.current().pid());
                }
                case "/deep" -> answer(exchange, String.valueOf(recurse(0)));
                case "/exit" -> System.exit(number(query, 7));
                case "/leak-fds" -> answer(exchange, "leaked " + leakDescriptors());
                case "/crlf" -> {
                    exchange.getResponseHeaders().set("X-Split", "a\r\n X-Injected: yes");
                    answer(exchange, "unreachable");
                }
                case "/short" -> {
                    exchange.sendResponseHeaders(200, 100);
                    exchange.getResponseBody().write("only 10 b\n".getBytes(StandardCharsets.US_ASCII));
                }
                default -> answer(exchange, "ok");
            }
        }
    }

    private static int number(String query, int otherwise) {
        if (query == null || !query.contains("=")) {
            return otherwise;
        }
        return Integer.parseInt(query.substring(query.indexOf('=') + 1));
    }

    private static void answer(HttpExchange exchange, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void big(HttpExchange exchange, int mebibytes, boolean chunked) throws IOException {
        byte[] block = new byte[64 * 1024];
        java.util.Arrays.fill(block, (byte) 'x');
        long length = (long) mebibytes << 20;
        exchange.sendResponseHeaders(200, chunked ? 0 : length);
        OutputStream out = exchange.getResponseBody();
        for (long sent = 0; sent < length; sent += block.length) {
            out.write(block);
        }
    }

    /** A request whose result outgrows the heap; what it built is garbage once the error unwinds it. */
    private static List<long[]> buildTooMuch() {
        List<long[]> result = new ArrayList<>();
        while (true) {
            result.add(new long[1 << 20]);
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int recurse(int depth) {
        return depth == Integer.MAX_VALUE ? depth : recurse(depth + 1) + 1;
    }

    private static int leakDescriptors() throws IOException {
        int opened = 0;
        try {
            while (true) {
                FileChannel channel = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.READ);
                synchronized (LEAKED) {
                    LEAKED.add(channel);
                }
                opened++;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("Too many open files")) {
                throw e;
            }
            return opened;
        }
    }
}
