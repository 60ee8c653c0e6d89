package io.junicorn.e2e;

import io.junicorn.http.Http2Frame;
import io.junicorn.http.Http2FrameEncoder;
import io.junicorn.http.Http2Settings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 attacks against a real worker (nio, then virtual), each on its own connection while a normal client
 * keeps requesting beside it: rapid reset (CVE-2023-44487), CONTINUATION floods (large and empty), SETTINGS,
 * PING and empty-DATA floods, an oversized header list, more streams than allowed, a reader that never opens
 * its window, an idle connection. An abusive connection is closed with GOAWAY and its code; the normal client
 * is never refused and never waits long.
 */
class Http2AttackTest {
    /** The normal client's slowest request may not take longer, attacks or not. */
    private static final long SLOWEST_NORMAL_MILLIS = 1_500;

    @Test
    void attacksOnNio() throws Exception {
        attacks("nio");
    }

    @Test
    void attacksOnVirtual() throws Exception {
        attacks("virtual");
    }

    private void attacks(String workerClass) throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-k", workerClass, "-b", "127.0.0.1:0", "--keep-alive", "1",
                "--class-path", Junicorn.HELLO_JAR, "io.junicorn.examples.Echo"))) {
            int port = server.port();
            AtomicBoolean attacking = new AtomicBoolean(true);
            AtomicLong slowest = new AtomicLong();
            AtomicLong served = new AtomicLong();
            AtomicReference<Throwable> normalFailure = new AtomicReference<>();
            java.util.concurrent.CountDownLatch booted = new java.util.concurrent.CountDownLatch(1);
            Thread normal = Thread.ofVirtual().start(() -> {
                try (H2Client client = new H2Client(port).start()) {
                    // the first request waits in the listen queue for the worker to boot: it is not measured
                    assertEquals(200, client.response(client.get("/first")).status());
                    booted.countDown();
                    while (attacking.get()) {
                        long start = System.nanoTime();
                        H2Client.Response r = client.response(client.get("/normal"));
                        assertEquals(200, r.status(), "the normal client: " + r);
                        slowest.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                        served.incrementAndGet();
                    }
                } catch (Throwable t) {
                    normalFailure.set(t);
                    booted.countDown();
                }
            });
            assertTrue(booted.await(60, java.util.concurrent.TimeUnit.SECONDS), "the worker serves");

            rapidReset(port);
            byte[] headers = H2Client.block("GET", "/");
            flood(port, "SETTINGS", null, e -> e.settings());
            flood(port, "PING", null, e -> e.ping(new byte[8], false));
            flood(port, "empty DATA", e -> e.headers(1, headers, headers.length, false, 16_384),
                    e -> e.data(1, new byte[0], 0, 0, false));
            flood(port, "empty CONTINUATION", e -> e.header(headers.length, Http2Frame.HEADERS, 0, 1)
                    .bytes(headers, 0, headers.length), e -> e.header(0, Http2Frame.CONTINUATION, 0, 1));
            largeContinuationFlood(port);
            headerListTooLarge(port);
            tooManyStreams(port);
            windowNeverOpened(port);
            idleConnectionIsClosed(port);

            attacking.set(false);
            normal.join(30_000);
            assertNull(normalFailure.get(), () -> "the normal client failed: " + normalFailure.get());
            assertTrue(served.get() > 10, "the normal client was served throughout: " + served.get());
            assertTrue(slowest.get() < SLOWEST_NORMAL_MILLIS, workerClass + ": the normal client waited " + slowest.get() + " ms");
            server.stopCleanly("HTTP/2 connection from");
        }
    }

    /**
     * Opens and resets streams without end: the server stops after http2_max_overhead_frames (200) a second.
     * The frames leave in one write, as an attacker's would, so the whole attack is in before the server answers.
     */
    private static void rapidReset(int port) throws IOException {
        try (H2Client c = new H2Client(port).start()) {
            Http2FrameEncoder attack = new Http2FrameEncoder(64 * 1024);
            for (int i = 0; i < 1000; i++) {
                int id = 2 * i + 1;
                byte[] block = H2Client.block("GET", "/reset");
                attack.headers(id, block, block.length, true, 16_384);
                attack.rstStream(id, io.junicorn.http.Http2ErrorCode.CANCEL);
            }
            c.write(attack);
            assertGoAway(c, "ENHANCE_YOUR_CALM", "rapid reset");
        }
    }

    private interface Flood {
        void frame(Http2FrameEncoder e);
    }

    /** {@code opening} (or nothing), then 1000 frames of a kind, in one write. */
    private static void flood(int port, String what, Flood opening, Flood flood) throws IOException {
        try (H2Client c = new H2Client(port).start()) {
            Http2FrameEncoder attack = new Http2FrameEncoder(64 * 1024);
            if (opening != null) {
                opening.frame(attack);
            }
            for (int i = 0; i < 1000; i++) {
                flood.frame(attack);
            }
            c.write(attack);
            assertGoAway(c, "ENHANCE_YOUR_CALM", what + " flood");
        }
    }

    /** CONTINUATION frames without END_HEADERS past twice http2_max_header_list_size (CVE-2024-27316's kind). */
    private static void largeContinuationFlood(int port) throws IOException {
        try (H2Client c = new H2Client(port).start()) {
            byte[] block = c.requestBlock("GET", "/");
            Http2FrameEncoder attack = new Http2FrameEncoder(1 << 20);
            attack.header(block.length, Http2Frame.HEADERS, 0, 1).bytes(block, 0, block.length);
            byte[] junk = new byte[16_384];
            for (int i = 0; i < 12; i++) {
                attack.header(junk.length, Http2Frame.CONTINUATION, 0, 1).bytes(junk, 0, junk.length);
            }
            c.write(attack);
            assertGoAway(c, "ENHANCE_YOUR_CALM", "CONTINUATION flood");
        }
    }

    private static void headerListTooLarge(int port) throws IOException {
        try (H2Client c = new H2Client(port).start()) {
            H2Client.Response r = c.response(c.request("GET", "/big", true, "x-big", "a".repeat(70_000)));
            assertEquals(431, r.status(), "a head above http2_max_header_list_size: " + r);
            assertEquals(200, c.response(c.get("/after")).status(), "the connection goes on");
        }
    }

    private static void tooManyStreams(int port) throws IOException {
        try (H2Client c = new H2Client(port).start()) {
            List<Integer> waiting = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                waiting.add(c.request("POST", "/waits-for-its-body", false));
            }
            int refused = c.request("POST", "/one-too-many", false);
            assertEquals("REFUSED_STREAM", H2Client.describe(c.response(refused).resetCode()));
            for (int id : waiting) {
                c.frame(Http2Frame.DATA, Http2Frame.FLAG_END_STREAM, id, new byte[0]);
            }
            assertEquals(100, c.responses(waiting).values().stream().filter(r -> r.status() == 200).count(),
                    "the 100 streams allowed are served");
        }
    }

    /** A client that lets the server's window to it shut at 0 and never opens it: the stream is reset, not held. */
    private static void windowNeverOpened(int port) throws IOException {
        try (H2Client c = new H2Client(port).start(Http2Settings.INITIAL_WINDOW_SIZE, 0)) {
            int id = c.request("POST", "/blocked", false);
            c.frame(Http2Frame.DATA, Http2Frame.FLAG_END_STREAM, id, new byte[] {'x'});
            Http2Frame frame;
            do {
                frame = c.next(); // never WINDOW_UPDATE: the response waits for a window that never opens
            } while (frame != null && frame.type() != Http2Frame.RST_STREAM);
            assertNotNull(frame, "the server gave up on the stream (the header timeout, 10 s)");
            assertEquals("CANCEL", H2Client.describe(frame.errorCode()));
        }
    }

    private static void idleConnectionIsClosed(int port) throws IOException {
        try (H2Client c = new H2Client(port).start()) {
            long start = System.nanoTime();
            assertGoAway(c, "NO_ERROR", "an idle connection after --keep-alive");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 900 && millis < 5_000, "closed after the keep-alive timeout (1 s): " + millis + " ms");
        }
    }

    private static void assertGoAway(H2Client c, String code, String what) throws IOException {
        H2Client.GoAway goAway = c.awaitEnd();
        assertNotNull(goAway, what + ": GOAWAY before the close");
        assertEquals(code, H2Client.describe(goAway.errorCode()), what + ": " + goAway);
    }
}
