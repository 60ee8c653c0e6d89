package io.junicorn.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A WebSocket client over a plain socket that sends whatever frames a test writes, the bad ones too (unmasked,
 * invalid UTF-8, too big), and reads the server's frames as they come. Written here from RFC 6455 section 5, apart
 * from junicorn's codec, so that a mistake in the codec is not repeated in the test. Reads time out after
 * {@link Http#TIMEOUT_MILLIS}.
 */
final class RawWebSocket implements AutoCloseable {
    static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** A frame from the server. */
    record Frame(boolean fin, int opcode, byte[] payload) {
        /** A close frame's status code, 1005 when it carries none. */
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final DataInputStream in;

    private RawWebSocket(Socket socket, InputStream in) {
        this.socket = socket;
        this.in = new DataInputStream(in);
    }

    /** Connects and completes the opening handshake, checking the 101 and its Sec-WebSocket-Accept. */
    static RawWebSocket open(int port, String path) throws IOException {
        Socket socket = Http.connect(port);
        try {
            String key = Base64.getEncoder().encodeToString(randomBytes(16));
            Http.send(socket, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
            String head = readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 101 "), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("\r\nsec-websocket-accept: "
                    + accept(key).toLowerCase(java.util.Locale.ROOT) + "\r\n"), head);
            return new RawWebSocket(socket, socket.getInputStream());
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /** An HTTP response head, up to its empty line, read byte by byte so that no frame byte is taken with it. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in a response head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** One frame as a client sends it, masked unless {@code masked} is false (which a server must refuse). */
    void send(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(maskBit | 127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >>> shift));
            }
        }
        if (masked) {
            byte[] mask = randomBytes(4);
            frame.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i & 3]);
            }
        } else {
            frame.writeBytes(payload);
        }
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    void sendText(String text) throws IOException {
        send(true, TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The next frame from the server, which must not be masked (RFC 6455 section 5.1). */
    Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        assertFalse((second & 0x80) != 0, "a server's frame is never masked");
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        assertTrue(length <= Integer.MAX_VALUE - 8, "frame length " + length);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((first & 0x80) != 0, first & 0x0F, payload);
    }

    /**
     * Reads frames until the server's close and returns its code, answers it as a client does, and checks that the
     * server then ends the connection (RFC 6455 section 7.1.1: the server closes the TCP connection first) without
     * sending anything more. A reset instead of the end is taken too: the server may have closed before our answer
     * arrived, and what mattered, its close frame, came before.
     */
    int awaitCloseCode() throws IOException {
        Frame frame;
        do {
            frame = read();
        } while (frame.opcode() != CLOSE);
        try {
            send(true, CLOSE, java.util.Arrays.copyOf(frame.payload(), Math.min(2, frame.payload().length)), true);
            assertEquals(-1, in.read(), "the connection ends after the close handshake");
        } catch (java.net.SocketException e) {
            assertTrue(String.valueOf(e.getMessage()).matches("Connection reset.*|Broken pipe.*"), e.toString());
        }
        return frame.closeCode();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
