package io.junicorn.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A minimal HTTP/1.1 client over a raw socket, so tests see exactly what went over the wire. */
final class Http {
    record Response(int status, String head, String body) {
    }

    static final int TIMEOUT_MILLIS = 30_000;

    private Http() {
    }

    static Response get(int port, String path) throws IOException {
        try (Socket socket = connect(port)) {
            send(socket, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            return read(socket.getInputStream());
        }
    }

    /** GET over TCP to {@code host} (an IP literal such as {@code ::1}), Connection: close. */
    static Response get(String host, int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            send(socket, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            return read(socket.getInputStream());
        }
    }

    /** GET over a unix-domain socket, Connection: close. Reads have no timeout: bound the test instead. */
    static Response getUnix(Path socket, String path) throws IOException {
        try (SocketChannel channel = connectUnix(socket)) {
            send(channel, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            return read(Channels.newInputStream(channel));
        }
    }

    static SocketChannel connectUnix(Path socket) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    static void send(SocketChannel channel, String request) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** True when ::1 is configured on this machine (so the IPv6 tests can run). */
    static boolean ipv6LoopbackAvailable() {
        try (java.nio.channels.ServerSocketChannel probe = java.nio.channels.ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one response framed by Content-Length (or by close when there is none); a chunked body stays raw. */
    static Response read(InputStream in) throws IOException {
        return read(in, false);
    }

    /** Reads one response of a kept-alive connection: framed by Content-Length, or chunked (decoded). */
    static Response readKeptAlive(InputStream in) throws IOException {
        return read(in, true);
    }

    private static Response read(InputStream in, boolean decodeChunked) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a complete response head (" + head.size() + " bytes)");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(headText.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String line : headText.split("\r\n")) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        byte[] body = chunked && decodeChunked ? chunks(in) : length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
        return new Response(status, headText, new String(body, StandardCharsets.UTF_8));
    }

    /** A chunked body, decoded (RFC 9112 section 7.1; no trailer fields). */
    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                line(in); // the empty line that ends the message
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed inside a chunked body");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
