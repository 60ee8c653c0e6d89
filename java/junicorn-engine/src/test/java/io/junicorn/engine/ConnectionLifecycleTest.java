package io.junicorn.engine;

import io.junicorn.http.ParserOptions;

import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests for when a connection ends on its own: its worker retiring, header and keep-alive timeouts. */
class ConnectionLifecycleTest {

    @Test
    void aRetiringWorkerAnswersTheNextRequestOfAnIdleConnectionWithClose() throws Exception {
        try (TestServer server = new TestServer(KeepAliveTest.PATH); Socket s = server.connect()) {
            TestServer.send(s, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, TestServer.read(s).status());
            Http1Connection connection = server.connection(1);
            server.retire();
            assertFalse(connection.closeIfDrained(System.nanoTime()), "closed at once: a request on its way would meet a closed connection");

            TestServer.send(s, "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
            TestServer.Response second = TestServer.read(s);
            assertEquals("GET /2", second.body());
            assertEquals("close", second.header("Connection"));
            assertTrue(TestServer.closedByServer(s));
        }
    }

    @Test
    void aRetiringWorkerClosesAnIdleConnectionGracefullyOnceItStayedIdle() throws Exception {
        try (TestServer server = new TestServer(KeepAliveTest.PATH); Socket served = server.connect()) {
            TestServer.send(served, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(200, TestServer.read(served).status());
            Http1Connection servedConnection = server.connection(1);

            try (Socket fresh = server.connect()) {
                Http1Connection freshConnection = server.connection(2);
                server.retire();
                long retired = System.nanoTime();
                long deadline = retired + TimeUnit.SECONDS.toNanos(10);
                while (!servedConnection.closeIfDrained(System.nanoTime())) {
                    assertTrue(System.nanoTime() < deadline, "the idle connection was never closed");
                    Thread.sleep(5);
                }
                long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - retired);
                assertTrue(waitedMillis >= Http1Connection.CLOSING_IDLE_MILLIS, "closed after " + waitedMillis + " ms");
                assertFalse(freshConnection.closeIfDrained(System.nanoTime()), "a connection yet to send its first request is not idle");

                // our FIN, then a request that crossed it is read and dropped: no reset reaches the client
                assertEquals(-1, served.getInputStream().read());
                TestServer.send(served, "GET /crossed HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(-1, served.getInputStream().read());
                assertEquals(1, server.started.get());

                // the connection that had not sent its request yet is still served, and told to close
                TestServer.send(fresh, "GET /late HTTP/1.1\r\nHost: a\r\n\r\n");
                TestServer.Response late = TestServer.read(fresh);
                assertEquals("GET /late", late.body());
                assertEquals("close", late.header("Connection"));
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
