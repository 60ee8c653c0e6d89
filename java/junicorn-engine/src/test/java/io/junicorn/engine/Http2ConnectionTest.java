package io.junicorn.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.junicorn.http.HpackDecoder;
import io.junicorn.http.HpackEncoder;
import io.junicorn.http.Http2ErrorCode;
import io.junicorn.http.Http2Exception;
import io.junicorn.http.Http2Frame;
import io.junicorn.http.Http2FrameEncoder;
import io.junicorn.http.Http2FrameParser;
import io.junicorn.http.Http2Preface;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The HTTP/2 connection over a real socket (virtual threads, TestServer): a request whose bytes arrive one at a
 * time, the request timeout taking over one stream while another goes on, and GOAWAY when the worker retires.
 */
class Http2ConnectionTest {
    private static final int WAIT_SECONDS = 10;

    private static final HttpHandler ECHO_PATH = exchange -> {
        byte[] body = (exchange.getRequestURI().getPath() + " " + exchange.getProtocol() + " "
                + exchange.getRequestBody().readAllBytes().length).getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    };

    /** A minimal client: frames out, and the frames of each stream in. */
    private static final class Client implements AutoCloseable {
        final Socket socket;
        final Http2FrameParser parser = new Http2FrameParser(1 << 20);
        final HpackDecoder hpack = new HpackDecoder(4096);
        final HpackEncoder encoder = new HpackEncoder();
        final ByteBuffer in = ByteBuffer.allocate(1 << 16).limit(0);

        Client(TestServer server) throws IOException {
            socket = server.connect();
        }

        byte[] request(int stream, String method, String path, boolean endStream) {
            encoder.reset();
            encoder.field(":method", method);
            encoder.field(":scheme", "http");
            encoder.field(":path", path);
            encoder.field(":authority", "a");
            Http2FrameEncoder e = new Http2FrameEncoder(64);
            e.headers(stream, encoder.array(), encoder.length(), endStream, 16_384);
            return Arrays.copyOf(e.array(), e.length());
        }

        static byte[] prefaceAndSettings() {
            Http2FrameEncoder e = new Http2FrameEncoder(64);
            e.bytes(Http2Preface.BYTES, 0, Http2Preface.BYTES.length).settings();
            return Arrays.copyOf(e.array(), e.length());
        }

        void send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        Http2Frame next() throws IOException {
            while (true) {
                try {
                    Http2Frame f = parser.parse(in);
                    if (f != null) {
                        return f;
                    }
                } catch (Http2Exception e) {
                    throw new IOException(e.reason(), e);
                }
                in.compact();
                InputStream stream = socket.getInputStream();
                int n = stream.read(in.array(), in.position(), in.remaining());
                if (n < 0) {
                    in.flip();
                    return null;
                }
                in.position(in.position() + n).flip();
            }
        }

        /** The status and body of {@code stream}, or its reset code as a negative number. */
        String response(int stream) throws IOException {
            Map<String, String> head = new LinkedHashMap<>();
            StringBuilder body = new StringBuilder();
            for (Http2Frame f = next(); f != null; f = next()) {
                if (f.type() == Http2Frame.HEADERS && f.streamId() == stream) {
                    try {
                        hpack.decode(f.payload(), f.contentOffset(), f.contentLength(), head::put);
                    } catch (Http2Exception e) {
                        throw new IOException(e.reason(), e);
                    }
                } else if (f.type() == Http2Frame.HEADERS) {
                    try {
                        hpack.decode(f.payload(), f.contentOffset(), f.contentLength(), (n, v) -> { });
                    } catch (Http2Exception e) {
                        throw new IOException(e.reason(), e);
                    }
                } else if (f.type() == Http2Frame.DATA && f.streamId() == stream) {
                    body.append(new String(f.payload(), f.contentOffset(), f.contentLength(), StandardCharsets.ISO_8859_1));
                } else if (f.type() == Http2Frame.RST_STREAM && f.streamId() == stream) {
                    return "reset " + Http2ErrorCode.describe(f.errorCode());
                }
                if (f.streamId() == stream && f.hasFlag(Http2Frame.FLAG_END_STREAM)) {
                    return head.get(":status") + " " + body;
                }
            }
            throw new IOException("connection ended before stream " + stream);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aRequestArrivingByteByByte() throws Exception {
        try (TestServer server = new TestServer(ECHO_PATH); Client c = new Client(server)) {
            Http2FrameEncoder e = new Http2FrameEncoder(64);
            byte[] request = c.request(1, "POST", "/slowly", false);
            e.bytes(Client.prefaceAndSettings(), 0, Client.prefaceAndSettings().length)
                    .bytes(request, 0, request.length)
                    .data(1, "hello".getBytes(StandardCharsets.US_ASCII), 0, 5, true);
            for (byte b : Arrays.copyOf(e.array(), e.length())) {
                c.send(new byte[] {b});
            }
            assertEquals("200 /slowly HTTP/2.0 5", c.response(1));
        }
    }

    @Test
    void theRequestTimeoutTakesOneStreamOnly() throws Exception {
        CompletableFuture<HttpExchange> stuck = new CompletableFuture<>();
        HttpHandler handler = exchange -> {
            if (exchange.getRequestURI().getPath().equals("/stuck")) {
                stuck.complete(exchange);
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(60));
                } catch (InterruptedException expected) {
                    return; // abandon interrupts the handler once the 503 is out
                }
            }
            ECHO_PATH.handle(exchange);
        };
        try (TestServer server = new TestServer(handler); Client c = new Client(server)) {
            c.send(Client.prefaceAndSettings());
            c.send(c.request(1, "GET", "/stuck", true));
            AbandonableExchange exchange = (AbandonableExchange) stuck.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(AbandonableExchange.Outcome.ANSWERED, exchange.abandon(503));
            assertEquals("503 503 Service Unavailable\n", c.response(1));
            c.send(c.request(3, "GET", "/after", true));
            assertEquals("200 /after HTTP/2.0 0", c.response(3), "the connection goes on");
        }
    }

    @Test
    void aRetiringWorkerSendsGoAwayAndFinishesTheStreamsInFlight() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<HttpExchange> inFlight = new CompletableFuture<>();
        HttpHandler handler = exchange -> {
            inFlight.complete(exchange);
            release.join();
            ECHO_PATH.handle(exchange);
        };
        try (TestServer server = new TestServer(handler); Client c = new Client(server)) {
            c.send(Client.prefaceAndSettings());
            c.send(c.request(1, "GET", "/in-flight", true));
            inFlight.get(WAIT_SECONDS, TimeUnit.SECONDS);
            server.retire();
            server.connection(1).closeIfDrained(System.nanoTime());
            Http2Frame goAway;
            do {
                goAway = c.next();
            } while (goAway != null && goAway.type() != Http2Frame.GOAWAY);
            assertNotNull(goAway);
            assertEquals(1, goAway.lastStreamId(), "the stream in flight will be served");
            assertEquals("NO_ERROR", Http2ErrorCode.describe(goAway.errorCode()));
            release.complete(null);
            assertEquals("200 /in-flight HTTP/2.0 0", c.response(1));
        }
    }
}
