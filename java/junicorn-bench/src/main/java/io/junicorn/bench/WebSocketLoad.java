package io.junicorn.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The WebSocket client of scripts/bench-websocket, against any server's echo endpoint on 127.0.0.1:
 * <pre>
 *   echo PORT PATH CONNECTIONS MESSAGES BYTES   each connection sends MESSAGES text messages of BYTES, one at a
 *                                              time, waiting for each echo; prints
 *                                              "messages_per_s N p50_us N p99_us N"
 *   idle PORT PATH SESSIONS PID                reads PID's PSS, opens SESSIONS sessions (each makes one round trip, so
 *                                              the server has set it up), reads the PSS again; prints
 *                                              "pss_before_kib N pss_after_kib N"; then closes them
 * </pre>
 * Each connection is a blocking socket on a virtual thread: the client's cost per message is a write and a read.
 * Its frames are written here from RFC 6455 section 5, apart from junicorn's codec. Everything is bounded: a run
 * that has not finished after 120 s exits 1, as does any connection that fails (no retries).
 */
public final class WebSocketLoad {
    private static final long DEADLINE_SECONDS = 120;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6 || !(args[0].equals("echo") || args[0].equals("idle"))) {
            System.err.println("usage: WebSocketLoad echo PORT PATH CONNECTIONS MESSAGES BYTES"
                    + " | WebSocketLoad idle PORT PATH SESSIONS PID 0");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int count = Integer.parseInt(args[3]);
        try {
            if (args[0].equals("echo")) {
                echo(port, path, count, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            } else {
                idle(port, path, count, Long.parseLong(args[4]));
            }
        } catch (Exception e) {
            System.err.println("WebSocketLoad " + args[0] + " failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void echo(int port, String path, int connections, int messages, int bytes) throws Exception {
        List<Connection> open = openAll(port, path, connections);
        byte[] text = new byte[bytes];
        Arrays.fill(text, (byte) 'x');
        long[][] latencies = new long[connections][messages];
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Connection connection = open.get(c);
                long[] mine = latencies[c];
                runs.add(threads.submit(() -> {
                    byte[] frame = connection.textFrame(text);
                    for (int m = 0; m < messages; m++) {
                        long sent = System.nanoTime();
                        connection.write(frame);
                        connection.awaitEcho(bytes);
                        mine[m] = System.nanoTime() - sent;
                    }
                    return null;
                }));
            }
            awaitAll(runs, start);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf("messages_per_s %d p50_us %d p99_us %d%n", Math.round(all.length / seconds),
                all[all.length / 2] / 1000, all[(int) (all.length * 0.99)] / 1000);
        closeAll(open);
    }

    private static void idle(int port, String path, int sessions, long pid) throws Exception {
        long before = pssKib(pid);
        List<Connection> open = openAll(port, path, sessions);
        byte[] frame = "hello".getBytes(StandardCharsets.US_ASCII);
        for (Connection connection : open) {
            connection.write(connection.textFrame(frame));
            connection.awaitEcho(frame.length);
        }
        System.out.printf("pss_before_kib %d pss_after_kib %d%n", before, pssKib(pid));
        closeAll(open);
    }

    /** Opens the connections 64 at a time (the way clients arrive, not one backlog-filling burst). */
    private static List<Connection> openAll(int port, String path, int count) throws Exception {
        List<Connection> open = new ArrayList<>(count);
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int first = 0; first < count; first += 64) {
                List<Future<Connection>> batch = new ArrayList<>();
                for (int i = first; i < Math.min(count, first + 64); i++) {
                    batch.add(threads.submit(() -> Connection.open(port, path)));
                }
                awaitAll(batch, start);
                for (Future<Connection> connection : batch) {
                    open.add(connection.resultNow());
                }
            }
        }
        return open;
    }

    private static void closeAll(List<Connection> open) {
        for (Connection connection : open) {
            connection.close();
        }
    }

    private static void awaitAll(List<? extends Future<?>> futures, long start) throws Exception {
        for (Future<?> future : futures) {
            long left = TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS) - (System.nanoTime() - start);
            try {
                future.get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw new TimeoutException("not done within " + DEADLINE_SECONDS + " s");
            }
        }
    }

    /** The proportional set size of process {@code pid}, in KiB, from /proc/PID/smaps_rollup. */
    static long pssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no Pss: line in /proc/" + pid + "/smaps_rollup");
    }

    /** One client session over a blocking socket. */
    private record Connection(Socket socket, DataInputStream in, OutputStream out) {
        static Connection open(int port, String path) throws IOException {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                socket.setSoTimeout(30_000);
                socket.setTcpNoDelay(true);
                byte[] nonce = new byte[16];
                ThreadLocalRandom.current().nextBytes(nonce);
                String key = Base64.getEncoder().encodeToString(nonce);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65536));
                String head = readHead(in);
                if (!head.startsWith("HTTP/1.1 101 ") || !head.contains(accept(key))) {
                    throw new IOException("no WebSocket handshake: " + head.lines().findFirst().orElse(""));
                }
                return new Connection(socket, in, out);
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        /** A masked text frame carrying {@code payload}, built once and sent many times. */
        byte[] textFrame(byte[] payload) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
            frame.write(0x81);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else if (payload.length < 65536) {
                frame.write(0x80 | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length);
            } else {
                frame.write(0x80 | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >>> shift));
                }
            }
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i & 3]);
            }
            return frame.toByteArray();
        }

        void write(byte[] frame) throws IOException {
            out.write(frame);
            out.flush();
        }

        /** Reads one whole message (its frames, whatever the server's fragmentation) of {@code length} bytes. */
        void awaitEcho(int length) throws IOException {
            long received = 0;
            boolean fin;
            do {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long size = second & 0x7F;
                if (size == 126) {
                    size = in.readUnsignedShort();
                } else if (size == 127) {
                    size = in.readLong();
                }
                int opcode = first & 0x0F;
                if (opcode >= 0x8) {
                    throw new IOException("control frame " + opcode + " instead of the echo");
                }
                in.skipNBytes(size);
                received += size;
                fin = (first & 0x80) != 0;
            } while (!fin);
            if (received != length) {
                throw new IOException("echo of " + received + " bytes for " + length);
            }
        }

        /** A close frame (1000), then the socket: the benchmark does not wait for the server's answer. */
        void close() {
            try {
                write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
            } catch (IOException e) {
                // the server is gone already; closing the socket is all that is left
            }
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to release beyond the descriptor, which close releases in any case
            }
        }

        private static String readHead(DataInputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.readUnsignedByte();
                head.write(b);
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        private static String accept(String key) {
            try {
                return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
        }
    }
}
