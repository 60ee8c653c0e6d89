package io.junicorn.worker;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.common.Heartbeat;
import io.junicorn.common.settings.Config;
import io.junicorn.common.settings.Registry;
import io.junicorn.common.settings.Setting;
import io.junicorn.engine.ConnectionUpgrade;
import io.junicorn.engine.ExchangeAttributes;
import io.junicorn.engine.UpgradedConnection;
import io.junicorn.worker.nio.NioWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections upgraded after a 101 on the worker classes that offer it (virtual, nio): they echo, count against
 * --worker-connections while open, hear the goodbye once the worker retires, and the worker waits for them within
 * --graceful-timeout, then aborts the one that ignored it.
 */
@Timeout(60)
class UpgradedConnectionsTest {
    private static final String UPGRADE = "GET /echo HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n";

    private WorkerContext context;
    private Thread serving;
    private int port;

    /** /echo: echoes; says "bye" and closes when the worker retires. /deaf: echoes and ignores the goodbye. */
    private final HttpHandler handler = exchange -> {
        boolean deaf = exchange.getRequestURI().getPath().equals("/deaf");
        ((ConnectionUpgrade) exchange.getAttribute(ExchangeAttributes.CONNECTION_UPGRADE))
                .upgradeAfterResponse(c -> echo(c, deaf));
        exchange.getResponseHeaders().set("Connection", "Upgrade");
        exchange.getResponseHeaders().set("Upgrade", "echo");
        exchange.sendResponseHeaders(101, -1);
        exchange.close();
    };

    private static void echo(UpgradedConnection c, boolean deaf) {
        if (!deaf) {
            c.onGoingAway(() -> {
                try {
                    c.write(ByteBuffer.wrap("bye".getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    return;
                }
                c.closeGracefully();
            });
        }
        ByteBuffer buffer = ByteBuffer.allocate(256);
        try {
            while (c.read(buffer.clear(), 0) > 0) {
                c.write(buffer.flip());
            }
        } catch (IOException e) {
            return; // closed by the goodbye, or aborted
        }
        c.closeGracefully();
    }

    private void start(String workerClass) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        Map<String, Object> values = new HashMap<>();
        for (Setting setting : Registry.ALL) {
            values.put(setting.name(), setting.defaultValue(Map.of()));
        }
        values.put(Registry.GRACEFUL_TIMEOUT.name(), 2.0);
        WorkerConfig config = new WorkerConfig(0, 1, 1, "test", List.of(), 1, 0, new Config(values, "test"), 0, 0, 0, false);
        context = new WorkerContext(List.of(listener), handler, config,
                new HeartbeatSlot(ByteBuffer.allocateDirect(Heartbeat.SLOT_SIZE)), null);
        WorkerClass worker = workerClass.equals("nio") ? new NioWorker() : new VirtualWorker();
        serving = Thread.ofPlatform().name("upgrade-test-main").start(() -> {
            try {
                worker.serve(context);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (context != null) {
            context.beginGracefulStop("test over");
            serving.join(10_000);
            context.listeners().get(0).close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "nio"})
    void sessionsCountUntilTheyCloseAndHearTheGoodbyeWhenTheWorkerRetires(String workerClass) throws Exception {
        start(workerClass);
        try (Socket polite = upgrade("/echo", "hello"); Socket deaf = upgrade("/deaf", "there")) {
            await(() -> context.upgradedConnections() == 2, "two sessions open");
            assertEquals(2, context.openConnections(), "sessions count as connections");
            long stopBegan = System.nanoTime();
            context.beginGracefulStop("retiring with open sessions");
            assertEquals("bye", new String(polite.getInputStream().readNBytes(3), StandardCharsets.US_ASCII));
            assertEquals(-1, polite.getInputStream().read(), "the goodbye closed the polite session");
            echoes(deaf, "still"); // the deaf one is served on until the graceful timeout
            assertEquals(-1, deaf.getInputStream().read(), "aborted after --graceful-timeout");
            assertTrue(System.nanoTime() - stopBegan >= 1_500_000_000L, "not before the graceful timeout");
            serving.join(10_000);
            assertFalse(serving.isAlive(), "the worker stopped");
            await(() -> context.upgradedConnections() == 0, "no session left");
            await(() -> context.openConnections() == 0, "no connection left");
        }
    }

    private Socket upgrade(String path, String first) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.getOutputStream().write((UPGRADE.replace("/echo", path) + first).getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101 "), head.toString());
        assertEquals(first, new String(in.readNBytes(first.length()), StandardCharsets.US_ASCII));
        return s;
    }

    private static void echoes(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        assertEquals(text, new String(s.getInputStream().readNBytes(text.length()), StandardCharsets.US_ASCII));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
