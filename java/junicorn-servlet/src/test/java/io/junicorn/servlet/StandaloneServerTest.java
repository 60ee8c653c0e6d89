package io.junicorn.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * junicorn's engine in one process, as {@code java -jar app.jar} gets it: port 0 binds a free port, connections are
 * kept alive, and a graceful stop refuses new connections while the request in flight still gets its answer.
 */
class StandaloneServerTest {
    private static final int TIMEOUT_MILLIS = 20_000;
    private static final CountDownLatch slowStarted = new CountDownLatch(1);
    private static final CountDownLatch slowMayAnswer = new CountDownLatch(1);

    public static final class Hello extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print("hello " + request.getRequestURI());
        }
    }

    public static final class Slow extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            slowStarted.countDown();
            try {
                if (!slowMayAnswer.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                    throw new IOException("the test never let the slow request answer");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            response.getWriter().print("slow done");
        }
    }

    @Test
    void servesKeepsAliveAndStopsGracefully() throws Exception {
        ServletHandler handler = Deployment.deploy(null, null, context -> {
            context.addServlet("hello", Hello.class).addMapping("/");
            context.addServlet("slow", Slow.class).addMapping("/slow");
        });
        StandaloneServer server = StandaloneServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                handler, 0);
        try {
            int port = server.port();
            assertTrue(port > 0, "port 0 binds a free port: " + port);
            try (Socket socket = connect(port)) {
                assertEquals("hello /a", exchange(socket, "/a").body());
                Response second = exchange(socket, "/b");
                assertEquals("hello /b", second.body(), "the same connection, kept alive");
                assertTrue(!second.closes(), second.head());
            }

            try (Socket slow = connect(port)) {
                send(slow, "/slow");
                assertTrue(slowStarted.await(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS), "the slow request started");
                server.stopAccepting();
                assertThrows(ConnectException.class, () -> connect(port).close(), "no new connection once stopping");
                CompletableFuture<Boolean> idle = handler.whenIdle().toCompletableFuture();
                assertTrue(!idle.isDone(), "a request is in flight");
                slowMayAnswer.countDown();
                Response answer = read(slow.getInputStream());
                assertEquals("slow done", answer.body());
                assertTrue(answer.closes(), "the last answer of a stopping server closes: " + answer.head());
                assertTrue(idle.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
            }
        } finally {
            server.close();
            handler.close();
        }
    }

    @Test
    void anAddressInUseIsNamed() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
            IOException e = assertThrows(IOException.class, () -> StandaloneServer.start(address, exchange -> { }, 0));
            assertTrue(e.getMessage().startsWith("cannot listen on " + address), e.getMessage());
        }
    }

    private record Response(String head, String body) {
        boolean closes() {
            return head.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n");
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    private static Response exchange(Socket socket, String path) throws IOException {
        send(socket, path);
        return read(socket.getInputStream());
    }

    private static void send(Socket socket, String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** A response with Content-Length, which the container sends for a body that fits its buffer. */
    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed in the head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return new Response(text, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
}
