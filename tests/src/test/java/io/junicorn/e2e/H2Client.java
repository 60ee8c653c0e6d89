package io.junicorn.e2e;

import io.junicorn.http.HpackDecoder;
import io.junicorn.http.HpackEncoder;
import io.junicorn.http.Http2ErrorCode;
import io.junicorn.http.Http2Exception;
import io.junicorn.http.Http2Frame;
import io.junicorn.http.Http2FrameEncoder;
import io.junicorn.http.Http2FrameParser;
import io.junicorn.http.Http2Preface;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw HTTP/2 client over a plain socket (h2c by prior knowledge), built on junicorn's codec, so tests write
 * exactly the frames they mean, well-formed or not, and see every frame the server sends. Every read is bounded
 * by the socket's timeout.
 */
final class H2Client implements AutoCloseable {
    /** A response as its frames gave it: the status (-1 when the stream was reset), body, and reset code. */
    record Response(int status, Map<String, String> headers, byte[] body, int resetCode) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** The server's GOAWAY: its last stream id and error code, or null before one came. */
    record GoAway(int lastStreamId, int errorCode, String debug) {
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Http2FrameParser parser = new Http2FrameParser((1 << 24) - 1);
    private final HpackDecoder decoder = new HpackDecoder(4096);
    private final HpackEncoder encoder = new HpackEncoder();
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).limit(0);
    private int nextStream = 1;
    private GoAway goAway;

    H2Client(int port) throws IOException {
        this(port, Http.TIMEOUT_MILLIS);
    }

    H2Client(int port, int timeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(timeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** The preface and an empty SETTINGS (or these settings). */
    H2Client start(int... settings) throws IOException {
        Http2FrameEncoder e = new Http2FrameEncoder(64);
        e.bytes(Http2Preface.BYTES, 0, Http2Preface.BYTES.length);
        e.settings(settings);
        write(e);
        return this;
    }

    void write(Http2FrameEncoder e) throws IOException {
        out.write(e.array(), 0, e.length());
        out.flush();
    }

    /** One raw frame; a HEADERS frame opens its stream, so the next request takes a higher id. */
    void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        if (type == Http2Frame.HEADERS && stream >= nextStream) {
            nextStream = stream + 2;
        }
        Http2FrameEncoder e = new Http2FrameEncoder(payload.length + 9);
        e.header(payload.length, type, flags, stream).bytes(payload, 0, payload.length);
        write(e);
    }

    /** A header block for a request: pseudo-headers first, then {@code extra} name/value pairs. */
    byte[] requestBlock(String method, String path, String... extra) {
        encoder.reset();
        encoder.field(":method", method);
        encoder.field(":scheme", "http");
        encoder.field(":path", path);
        encoder.field(":authority", "127.0.0.1");
        for (int i = 0; i < extra.length; i += 2) {
            encoder.field(extra[i], extra[i + 1]);
        }
        return Arrays.copyOf(encoder.array(), encoder.length());
    }

    /** A request's header block from an encoder of its own (it starts with a table size update, always allowed). */
    static byte[] block(String method, String path) {
        HpackEncoder encoder = new HpackEncoder();
        encoder.reset();
        encoder.field(":method", method);
        encoder.field(":scheme", "http");
        encoder.field(":path", path);
        encoder.field(":authority", "127.0.0.1");
        return Arrays.copyOf(encoder.array(), encoder.length());
    }

    /** Opens the next stream with a request; returns its id. */
    int request(String method, String path, boolean endStream, String... extra) throws IOException {
        int id = nextStream;
        nextStream += 2;
        byte[] block = requestBlock(method, path, extra);
        Http2FrameEncoder e = new Http2FrameEncoder(block.length + 16);
        e.headers(id, block, block.length, endStream, 16_384);
        write(e);
        return id;
    }

    int get(String path) throws IOException {
        return request("GET", path, true);
    }

    /** The next frame, or null at end of stream. */
    Http2Frame next() throws IOException {
        while (true) {
            try {
                Http2Frame f = parser.parse(buffer);
                if (f != null) {
                    if (f.type() == Http2Frame.GOAWAY) {
                        goAway = new GoAway(f.lastStreamId(), f.errorCode(),
                                new String(f.payload(), 8, f.length() - 8, StandardCharsets.UTF_8));
                    }
                    return f;
                }
            } catch (Http2Exception e) {
                throw new IOException("server sent a malformed frame: " + e.reason(), e);
            }
            buffer.compact();
            int n;
            try {
                n = in.read(buffer.array(), buffer.position(), buffer.remaining());
            } catch (IOException e) {
                buffer.flip();
                if (e instanceof SocketTimeoutException) {
                    throw e;
                }
                return null; // a reset after GOAWAY: the end
            }
            if (n > 0) {
                buffer.position(buffer.position() + n);
            }
            buffer.flip();
            if (n < 0) {
                return null;
            }
        }
    }

    GoAway goAway() {
        return goAway;
    }

    /** Reads frames until the connection ends; returns its GOAWAY (null if none came). */
    GoAway awaitEnd() throws IOException {
        while (next() != null) {
            // SETTINGS, ACKs, whatever came before the end
        }
        return goAway;
    }

    /**
     * Reads until every stream in {@code ids} ended (END_STREAM or RST_STREAM) or the connection did, answering
     * SETTINGS and giving back every DATA byte (WINDOW_UPDATE), as a well-behaved client does. Streams that never
     * ended are missing from the result.
     */
    Map<Integer, Response> responses(List<Integer> ids) throws IOException {
        Map<Integer, Response> done = new LinkedHashMap<>();
        Map<Integer, Map<String, String>> heads = new LinkedHashMap<>();
        Map<Integer, java.io.ByteArrayOutputStream> bodies = new LinkedHashMap<>();
        while (done.size() < ids.size()) {
            Http2Frame f = next();
            if (f == null) {
                return done;
            }
            int id = f.streamId();
            switch (f.type()) {
                case Http2Frame.SETTINGS -> {
                    if (!f.hasFlag(Http2Frame.FLAG_ACK)) {
                        write(new Http2FrameEncoder(16).settingsAck());
                    }
                }
                case Http2Frame.HEADERS, Http2Frame.CONTINUATION -> {
                    Map<String, String> head = heads.computeIfAbsent(id, k -> new LinkedHashMap<>());
                    try {
                        decoder.decode(f.payload(), f.contentOffset(), f.contentLength(), head::put);
                    } catch (Http2Exception e) {
                        throw new IOException(e.reason(), e);
                    }
                    if (head.get(":status") != null && head.get(":status").startsWith("1")) {
                        heads.remove(id); // 100 Continue: the final head follows
                    }
                    if (f.hasFlag(Http2Frame.FLAG_END_STREAM) && ids.contains(id)) {
                        done.put(id, response(heads.get(id), bodies.get(id), 0));
                    }
                }
                case Http2Frame.DATA -> {
                    bodies.computeIfAbsent(id, k -> new java.io.ByteArrayOutputStream())
                            .write(f.payload(), f.contentOffset(), f.contentLength());
                    if (f.length() > 0) {
                        Http2FrameEncoder e = new Http2FrameEncoder(32);
                        e.windowUpdate(0, f.length());
                        if (!f.hasFlag(Http2Frame.FLAG_END_STREAM)) {
                            e.windowUpdate(id, f.length());
                        }
                        write(e);
                    }
                    if (f.hasFlag(Http2Frame.FLAG_END_STREAM) && ids.contains(id)) {
                        done.put(id, response(heads.get(id), bodies.get(id), 0));
                    }
                }
                case Http2Frame.RST_STREAM -> {
                    if (ids.contains(id) && !done.containsKey(id)) {
                        done.put(id, response(heads.get(id), bodies.get(id), f.errorCode()));
                    }
                }
                default -> {
                }
            }
        }
        return done;
    }

    private static Response response(Map<String, String> head, java.io.ByteArrayOutputStream body, int reset) {
        Map<String, String> h = head == null ? Map.of() : head;
        int status = h.containsKey(":status") && reset == 0 ? Integer.parseInt(h.get(":status")) : -1;
        return new Response(status, h, body == null ? new byte[0] : body.toByteArray(), reset);
    }

    Response response(int id) throws IOException {
        Response r = responses(List.of(id)).get(id);
        if (r == null) {
            throw new IOException("the connection ended before stream " + id + " did; GOAWAY " + goAway);
        }
        return r;
    }

    static String describe(int errorCode) {
        return Http2ErrorCode.describe(errorCode);
    }

    static List<Integer> ids(int... ids) {
        List<Integer> list = new ArrayList<>();
        for (int id : ids) {
            list.add(id);
        }
        return list;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
