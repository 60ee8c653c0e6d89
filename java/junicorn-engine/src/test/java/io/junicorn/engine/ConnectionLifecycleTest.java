package io.junicorn.engine;

import io.junicorn.http.ParserOptions;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests for when a connection ends on its own: idle close at shutdown, header and keep-alive timeouts. */
class ConnectionLifecycleTest {

    @Test
    void closeIfIdleClosesAServedConnectionButNotAFreshOne() throws Exception {
        try (TestServer server = new TestServer(KeepAliveTest.PATH); Socket served = server.connect()) {
            TestServer.send(served, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, TestServer.read(served).status());
            Http1Connection servedConnection = server.connection(1);

            try (Socket fresh = server.connect()) {
                Http1Connection freshConnection = server.connection(2);
                assertFalse(freshConnection.closeIfIdle());

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!servedConnection.closeIfIdle()) {
                    assertTrue(System.nanoTime() < deadline, "served connection never became idle");
                    Thread.sleep(5);
                }
                assertTrue(TestServer.closedByServer(served));

                // graceful shutdown still serves the connection that had not sent its request yet
                assertFalse(freshConnection.closeIfIdle());
                TestServer.send(fresh, "GET /late HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals("GET /late", TestServer.read(fresh).body());
            }
        }
    }

    @Test
    void headerTimeoutClosesASlowConnection() throws Exception {
        EngineConfig config = new EngineConfig(true, 5000, 300, "junicorn-test", ParserOptions.DEFAULTS);
        try (TestServer server = new TestServer(KeepAliveTest.PATH, config); Socket s = server.connect()) {
            long start = System.nanoTime();
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n");
            Thread.sleep(100);
            TestServer.send(s, "X-Slow: 1\r\n"); // progress does not extend the deadline
            assertTrue(TestServer.closedByServer(s));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis >= 250 && tookMillis < 4000, "closed after " + tookMillis + " ms");
            assertEquals(0, server.started.get());
        }
    }

    @Test
    void keepAliveTimeoutClosesAnIdleConnection() throws Exception {
        EngineConfig config = new EngineConfig(true, 200, 5000, "junicorn-test", ParserOptions.DEFAULTS);
        try (TestServer server = new TestServer(KeepAliveTest.PATH, config); Socket s = server.connect()) {
            TestServer.send(s, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, TestServer.read(s).status());
            assertTrue(TestServer.closedByServer(s));
        }
    }
}
