package io.junicorn.e2e;

import io.junicorn.http.HpackEncoder;
import io.junicorn.http.Http2Frame;
import io.junicorn.http.Http2FrameEncoder;
import io.junicorn.http.Http2Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 9113's MUSTs as h2spec lists them, against a real nio worker: each case sends what the section forbids
 * over its own connection and expects the connection error (GOAWAY with the code, then the close) or the stream
 * error (RST_STREAM with the code, the connection going on) the section names.
 */
class Http2ConformanceTest {
    private static Junicorn server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = Junicorn.start(List.of("-w", "1", "-k", "nio", "-b", "127.0.0.1:0", "--class-path", Junicorn.HELLO_JAR,
                "io.junicorn.examples.Echo"));
        port = server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stopCleanly("HTTP/2 connection from");
        server.close();
    }

    private interface Case {
        void send(H2Client client) throws IOException;
    }

    private record Expected(String section, String code, Case frames) {
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static final List<Expected> CONNECTION_ERRORS = List.of(
            new Expected("3.4 the first frame is not SETTINGS", "PROTOCOL_ERROR", c -> {
                c.socket.getOutputStream().write(io.junicorn.http.Http2Preface.BYTES);
                c.frame(Http2Frame.PING, 0, 0, new byte[8]);
            }),
            new Expected("4.2 a frame above SETTINGS_MAX_FRAME_SIZE", "FRAME_SIZE_ERROR",
                    c -> c.frame(Http2Frame.DATA, 0, 1, new byte[16_385])),
            new Expected("5.1 DATA on an idle stream", "PROTOCOL_ERROR", c -> c.frame(Http2Frame.DATA, 0, 1, new byte[1])),
            new Expected("5.1.1 an even stream id from a client", "PROTOCOL_ERROR", c -> {
                byte[] block = c.requestBlock("GET", "/");
                c.frame(Http2Frame.HEADERS, Http2Frame.FLAG_END_HEADERS | Http2Frame.FLAG_END_STREAM, 2, block);
            }),
            new Expected("5.1 HEADERS on a closed stream", "STREAM_CLOSED", c -> {
                c.response(c.get("/first"));
                byte[] block = c.requestBlock("GET", "/again");
                c.frame(Http2Frame.HEADERS, Http2Frame.FLAG_END_HEADERS | Http2Frame.FLAG_END_STREAM, 1, block);
            }),
            new Expected("6.1 DATA on stream 0", "PROTOCOL_ERROR", c -> c.frame(Http2Frame.DATA, 0, 0, new byte[1])),
            new Expected("6.1 padding longer than the payload", "PROTOCOL_ERROR", c -> {
                c.request("POST", "/", false);
                c.frame(Http2Frame.DATA, Http2Frame.FLAG_PADDED, 1, bytes(5, 0));
            }),
            new Expected("6.5 SETTINGS with a length not a multiple of 6", "FRAME_SIZE_ERROR",
                    c -> c.frame(Http2Frame.SETTINGS, 0, 0, new byte[5])),
            new Expected("6.5 SETTINGS ACK with a payload", "FRAME_SIZE_ERROR",
                    c -> c.frame(Http2Frame.SETTINGS, Http2Frame.FLAG_ACK, 0, new byte[6])),
            new Expected("6.5.2 SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1", "FLOW_CONTROL_ERROR",
                    c -> c.frame(Http2Frame.SETTINGS, 0, 0, bytes(0, Http2Settings.INITIAL_WINDOW_SIZE, 0x80, 0, 0, 0))),
            new Expected("6.5.2 SETTINGS_MAX_FRAME_SIZE below 2^14", "PROTOCOL_ERROR",
                    c -> c.frame(Http2Frame.SETTINGS, 0, 0, bytes(0, Http2Settings.MAX_FRAME_SIZE, 0, 0, 0x3f, 0xff))),
            new Expected("6.5.2 SETTINGS_ENABLE_PUSH 2", "PROTOCOL_ERROR",
                    c -> c.frame(Http2Frame.SETTINGS, 0, 0, bytes(0, Http2Settings.ENABLE_PUSH, 0, 0, 0, 2))),
            new Expected("6.7 PING of 7 bytes", "FRAME_SIZE_ERROR", c -> c.frame(Http2Frame.PING, 0, 0, new byte[7])),
            new Expected("6.7 PING on a stream", "PROTOCOL_ERROR", c -> c.frame(Http2Frame.PING, 0, 1, new byte[8])),
            new Expected("6.8 GOAWAY on a stream", "PROTOCOL_ERROR", c -> c.frame(Http2Frame.GOAWAY, 0, 1, new byte[8])),
            new Expected("6.9 WINDOW_UPDATE of 0 on the connection", "PROTOCOL_ERROR",
                    c -> c.frame(Http2Frame.WINDOW_UPDATE, 0, 0, new byte[4])),
            new Expected("6.9.1 a connection window above 2^31-1", "FLOW_CONTROL_ERROR",
                    c -> c.frame(Http2Frame.WINDOW_UPDATE, 0, 0, bytes(0x7f, 0xff, 0xff, 0xff))),
            new Expected("6.10 another frame inside a header block", "PROTOCOL_ERROR", c -> {
                byte[] block = c.requestBlock("GET", "/");
                c.frame(Http2Frame.HEADERS, 0, 1, block);
                c.frame(Http2Frame.PING, 0, 0, new byte[8]);
            }),
            new Expected("6.10 CONTINUATION without HEADERS", "PROTOCOL_ERROR",
                    c -> c.frame(Http2Frame.CONTINUATION, Http2Frame.FLAG_END_HEADERS, 1, new byte[0])),
            new Expected("8.4 PUSH_PROMISE from a client", "PROTOCOL_ERROR",
                    c -> c.frame(Http2Frame.PUSH_PROMISE, Http2Frame.FLAG_END_HEADERS, 1, new byte[4])),
            new Expected("RFC 7541 4.3 a header block that does not decode", "COMPRESSION_ERROR",
                    c -> c.frame(Http2Frame.HEADERS, Http2Frame.FLAG_END_HEADERS | Http2Frame.FLAG_END_STREAM, 1, bytes(0x80))));

    @Test
    void connectionErrorsAreGoAwayWithTheirCode() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Expected e : CONNECTION_ERRORS) {
            try (H2Client client = new H2Client(port)) {
                if (!e.section().startsWith("3.4")) {
                    client.start();
                }
                e.frames().send(client);
                H2Client.GoAway goAway = client.awaitEnd();
                if (goAway == null || !H2Client.describe(goAway.errorCode()).equals(e.code())) {
                    failures.add(e.section() + ": expected GOAWAY " + e.code() + ", got " + goAway);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static final List<Expected> STREAM_ERRORS = List.of(
            new Expected("5.3.1 a stream that depends on itself", "PROTOCOL_ERROR",
                    c -> c.frame(Http2Frame.PRIORITY, 0, 1, bytes(0, 0, 0, 1, 16))),
            new Expected("6.9 WINDOW_UPDATE of 0 on a stream", "PROTOCOL_ERROR", c -> {
                c.request("POST", "/slow", false);
                c.frame(Http2Frame.WINDOW_UPDATE, 0, 1, new byte[4]);
            }),
            new Expected("6.9.1 a stream window above 2^31-1", "FLOW_CONTROL_ERROR", c -> {
                c.request("POST", "/slow", false);
                c.frame(Http2Frame.WINDOW_UPDATE, 0, 1, bytes(0x7f, 0xff, 0xff, 0xff));
            }),
            new Expected("8.1.1 DATA beyond content-length", "PROTOCOL_ERROR", c -> {
                c.request("POST", "/", false, "content-length", "1");
                c.frame(Http2Frame.DATA, Http2Frame.FLAG_END_STREAM, 1, new byte[2]);
            }),
            new Expected("8.2.1 an upper-case field name", "PROTOCOL_ERROR",
                    c -> c.request("GET", "/", true, "X-Upper", "a")),
            new Expected("8.2.2 TE other than trailers", "PROTOCOL_ERROR", c -> c.request("GET", "/", true, "te", "gzip")),
            new Expected("8.3 a pseudo-header after a regular one", "PROTOCOL_ERROR", c -> {
                HpackEncoder encoder = new HpackEncoder();
                encoder.reset();
                encoder.field(":method", "GET");
                encoder.field(":scheme", "http");
                encoder.field("accept", "*/*");
                encoder.field(":path", "/");
                c.frame(Http2Frame.HEADERS, Http2Frame.FLAG_END_HEADERS | Http2Frame.FLAG_END_STREAM, 1,
                        java.util.Arrays.copyOf(encoder.array(), encoder.length()));
            }),
            new Expected("8.3.1 no :path", "PROTOCOL_ERROR", c -> {
                HpackEncoder encoder = new HpackEncoder();
                encoder.reset();
                encoder.field(":method", "GET");
                encoder.field(":scheme", "http");
                c.frame(Http2Frame.HEADERS, Http2Frame.FLAG_END_HEADERS | Http2Frame.FLAG_END_STREAM, 1,
                        java.util.Arrays.copyOf(encoder.array(), encoder.length()));
            }));

    @Test
    void streamErrorsResetTheStreamOnly() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Expected e : STREAM_ERRORS) {
            try (H2Client client = new H2Client(port)) {
                client.start();
                e.frames().send(client);
                H2Client.Response reset = client.responses(H2Client.ids(1)).get(1);
                if (reset == null || !H2Client.describe(reset.resetCode()).equals(e.code())) {
                    failures.add(e.section() + ": expected RST_STREAM " + e.code() + ", got " + reset);
                    continue;
                }
                H2Client.Response next = client.response(client.get("/next"));
                if (next.status() != 200) {
                    failures.add(e.section() + ": the connection did not go on: " + next);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void settingsAreAcknowledgedAndPrioritiesIgnored() throws Exception {
        try (H2Client client = new H2Client(port)) {
            client.start(Http2Settings.HEADER_TABLE_SIZE, 0, Http2Settings.MAX_FRAME_SIZE, 1 << 20);
            boolean acknowledged = false;
            Http2Frame frame;
            while (!acknowledged && (frame = client.next()) != null) {
                acknowledged = frame.type() == Http2Frame.SETTINGS && frame.hasFlag(Http2Frame.FLAG_ACK);
            }
            assertTrue(acknowledged, "our SETTINGS acknowledged (RFC 9113 §6.5.3)");
            client.frame(Http2Frame.PRIORITY, 0, 3, bytes(0, 0, 0, 0, 200)); // on an idle stream: allowed
            Http2FrameEncoder e = new Http2FrameEncoder(64);
            byte[] block = client.requestBlock("GET", "/prioritised");
            byte[] payload = new byte[5 + block.length];
            payload[3] = 3; // depends on stream 3, weight 1
            System.arraycopy(block, 0, payload, 5, block.length);
            e.header(payload.length, Http2Frame.HEADERS,
                    Http2Frame.FLAG_PRIORITY | Http2Frame.FLAG_END_HEADERS | Http2Frame.FLAG_END_STREAM, 1)
                    .bytes(payload, 0, payload.length);
            client.write(e);
            H2Client.Response response = client.response(1);
            assertEquals(200, response.status());
            assertNotNull(response.headers().get("date"));
            assertTrue(response.text().contains("\"target\":\"/prioritised\""), response.text());
        }
    }
}
