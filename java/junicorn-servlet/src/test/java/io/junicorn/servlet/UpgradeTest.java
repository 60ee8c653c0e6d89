package io.junicorn.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HttpServletRequest.upgrade over junicorn's engine (StandaloneServer, a real socket on 127.0.0.1): the 101 the
 * servlet sends, init(WebConnection) after it with blocking streams or a ReadListener, destroy() once the connection
 * closed; and UpgradeRefused answered 501 where the connection cannot be taken over (the JDK's HttpServer).
 */
@Timeout(30)
class UpgradeTest {
    private static final int TIMEOUT_MILLIS = 10_000;
    static final BlockingQueue<String> events = new ArrayBlockingQueue<>(16);

    /** Sends 101 with the fields of an "echo" protocol and upgrades to the handler named by ?handler=. */
    public static final class UpgradingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException,
                jakarta.servlet.ServletException {
            Class<? extends HttpUpgradeHandler> type = "listener".equals(request.getParameter("handler"))
                    ? ListeningEcho.class : BlockingEcho.class;
            request.upgrade(type);
            response.setStatus(101);
            response.setHeader("Connection", "Upgrade");
            response.setHeader("Upgrade", "echo");
        }
    }

    /** Echoes with blocking reads on the session's thread, until the client's end of stream. */
    public static final class BlockingEcho implements HttpUpgradeHandler {
        @Override
        public void init(WebConnection connection) {
            events.add("init " + (connection instanceof JunicornWebConnection));
            try (ServletInputStream in = connection.getInputStream(); ServletOutputStream out = connection.getOutputStream()) {
                byte[] buffer = new byte[256];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                events.add("failed " + e);
            }
        }

        @Override
        public void destroy() {
            events.add("destroy");
        }
    }

    /** Echoes through a ReadListener: what it reads in onDataAvailable goes straight back. */
    public static final class ListeningEcho implements HttpUpgradeHandler {
        @Override
        public void init(WebConnection connection) {
            ServletInputStream in;
            ServletOutputStream out;
            try {
                in = connection.getInputStream();
                out = connection.getOutputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            in.setReadListener(new ReadListener() {
                @Override
                public void onDataAvailable() throws IOException {
                    byte[] buffer = new byte[256];
                    while (in.isReady() && !in.isFinished()) {
                        int n = in.read(buffer);
                        if (n > 0) {
                            out.write(buffer, 0, n);
                        }
                    }
                }

                @Override
                public void onAllDataRead() {
                    events.add("all data read");
                    try {
                        connection.close();
                    } catch (Exception e) {
                        events.add("close failed " + e);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    events.add("error " + t);
                }
            });
            events.add("init listener");
        }

        @Override
        public void destroy() {
            events.add("destroy");
        }
    }

    @Test
    void aBlockingHandlerEchoesAfterThe101AndIsDestroyedOnceTheConnectionCloses() throws Exception {
        echoes("/up", "init true");
    }

    @Test
    void aReadListenerIsDrivenOnTheSessionsThread() throws Exception {
        echoes("/up?handler=listener", "init listener");
    }

    private void echoes(String target, String initEvent) throws Exception {
        events.clear();
        ServletHandler handler = Deployment.deploy(null, null,
                context -> context.addServlet("up", UpgradingServlet.class).addMapping("/up"));
        StandaloneServer server = StandaloneServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                handler, 0);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                    + "Upgrade: echo\r\n\r\nfirst").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = head(in);
            assertTrue(head.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), head);
            assertTrue(head.contains("\r\nConnection: Upgrade\r\n") && head.contains("\r\nUpgrade: echo\r\n"), head);
            assertEquals(initEvent, events.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            assertEquals("first", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            socket.getOutputStream().write("second".getBytes(StandardCharsets.US_ASCII));
            assertEquals("second", new String(in.readNBytes(6), StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertEquals(-1, in.read(), "the handler closed after the client's end of stream");
            if (initEvent.equals("init listener")) {
                assertEquals("all data read", events.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            }
            assertEquals("destroy", events.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        } finally {
            server.close();
            handler.close();
        }
    }

    @Test
    void whereTheConnectionCannotBeTakenOverTheAnswerIs501() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                AppServletContext.log.getName());
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (Harness harness = Harness.deploy(context -> context.addServlet("up", UpgradingServlet.class)
                .addMapping("/up"))) {
            HttpResponse<String> response = harness.get("/up");
            assertEquals(501, response.statusCode());
            assertTrue(response.body().contains("virtual or nio"), response.body());
        } finally {
            logger.detachAppender(lines);
        }
        List<String> logged = lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        assertEquals(1, logged.size(), logged.toString());
        assertTrue(logged.get(0).startsWith("WARN GET /up answered 501: HTTP upgrade needs"), logged.toString());
    }

    @Test
    void extensionsStartBeforeTheInitializersAndStopAtUndeploy() throws Exception {
        ServletHandler handler = Deployment.deploy(null, null, context -> { });
        ApplicationScan scan = (ApplicationScan) handler.servletContext().getAttribute(TestExtension.SCAN);
        assertTrue(scan != null, "the extension ran");
        assertEquals(handler.servletContext().getClassLoader(), scan.loader());
        // outside a worker the application shares the JVM's class path: its entries less junicorn's own
        assertTrue(scan.roots().stream().anyMatch(p -> p.endsWith("test-classes")), scan.roots().toString());
        assertTrue(scan.roots().stream().noneMatch(p -> p.toString().contains("jakarta.servlet-api")),
                scan.roots().toString());
        handler.close();
        assertTrue(TestExtension.stopped.contains(handler.servletContext()));
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed in the head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }
}
