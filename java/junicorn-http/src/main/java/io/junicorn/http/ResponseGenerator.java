package io.junicorn.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides how an HTTP/1.1 response is framed and encodes its head, writing nothing (Jetty's
 * {@code HttpGenerator}): from the status, the request's method and version, the length the application
 * declared and whether the server means to keep the connection, it picks {@link Framing} and whether the
 * connection closes after the response, and writes the head into a {@link ResponseEncoder}. The caller
 * frames the body accordingly and sends the bytes.
 *
 * <p>The declared length follows {@code HttpExchange.sendResponseHeaders}: above 0 that many bytes follow,
 * 0 any number, -1 none.
 */
public final class ResponseGenerator {
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);

    /** How the body after the head is delimited. */
    public enum Framing {
        /** No body: 204, 304, or none declared (then {@code Content-Length: 0}). */
        EMPTY,
        /** A HEAD request: the head describes the body a GET would get, which is not sent. */
        HEAD,
        /** {@code Content-Length} bytes. */
        FIXED_LENGTH,
        /** {@code Transfer-Encoding: chunked} (HTTP/1.1 only). */
        CHUNKED,
        /** An HTTP/1.0 client and an unknown length: the body ends when the connection closes. */
        UNTIL_CLOSE
    }

    /** The server's intent for the connection, before the application's {@code Connection} field is read. */
    public enum ConnectionIntent {
        KEEP_ALIVE,
        CLOSE
    }

    /** What was decided for one response: its framing, and whether the connection ends after it. */
    public record Head(Framing framing, boolean close) {
    }

    private final ResponseEncoder encoder;

    /** Encodes into {@code encoder}, reset before each head. */
    public ResponseGenerator(ResponseEncoder encoder) {
        this.encoder = encoder;
    }

    /** The framing alone (RFC 9112 §6.3): what {@link #head} decides before it encodes. */
    public static Framing framing(int status, String method, HttpVersion version, long declaredLength) {
        if (status == 204 || status == 304) {
            return Framing.EMPTY;
        }
        if (method.equals("HEAD")) {
            return Framing.HEAD;
        }
        if (declaredLength > 0) {
            return Framing.FIXED_LENGTH;
        }
        if (declaredLength < 0) {
            return Framing.EMPTY;
        }
        return version == HttpVersion.HTTP_1_1 ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
    }

    /**
     * Decides and encodes one head: the status line, the application's fields (but {@code Transfer-Encoding}
     * and {@code Connection}, which are the server's; and {@code Content-Length}, unless the head describes a
     * body not sent: HEAD and 304, as the JDK server keeps it), {@code dateLine} and {@code serverLine} unless
     * the application set Date or Server, then the framing fields and the connection's. An application
     * {@code Connection: close} closes the connection. A field name or value that could split the response
     * throws IllegalArgumentException (see {@link ResponseEncoder}); the encoder then holds a partial head.
     *
     * @param dateLine   a complete {@code Date: ...\r\n} line (the codec has no clock)
     * @param serverLine a complete {@code Server: ...\r\n} line, or empty
     */
    public Head head(int status, String method, HttpVersion version, long declaredLength, ConnectionIntent intent,
                     Map<String, List<String>> fields, byte[] dateLine, byte[] serverLine) {
        Framing framing = framing(status, method, version, declaredLength);
        boolean close = intent == ConnectionIntent.CLOSE || framing == Framing.UNTIL_CLOSE;
        boolean describesUnsentBody = framing == Framing.HEAD || status == 304;
        encoder.reset();
        encoder.statusLine(status);
        boolean appDate = false;
        boolean appServer = false;
        boolean appLength = false;
        if (fields != null) {
            for (Map.Entry<String, List<String>> field : fields.entrySet()) {
                String name = field.getKey();
                if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    continue;
                }
                if (name.equalsIgnoreCase("Connection")) {
                    close |= asksToClose(field.getValue());
                    continue;
                }
                if (name.equalsIgnoreCase("Content-Length")) {
                    if (!describesUnsentBody) {
                        continue;
                    }
                    appLength = true;
                }
                appDate |= name.equalsIgnoreCase("Date");
                appServer |= name.equalsIgnoreCase("Server");
                for (String value : field.getValue()) {
                    encoder.field(name, value == null ? "" : value);
                }
            }
        }
        if (!appDate) {
            encoder.raw(dateLine);
        }
        if (!appServer) {
            encoder.raw(serverLine);
        }
        if (!appLength) {
            long length = switch (framing) {
                case FIXED_LENGTH -> declaredLength;
                case HEAD -> declaredLength > 0 ? declaredLength : -1;
                case EMPTY -> status == 204 || status == 304 ? -1 : 0;
                case CHUNKED, UNTIL_CLOSE -> -1;
            };
            if (length >= 0) {
                encoder.field(CONTENT_LENGTH, length);
            }
        }
        if (framing == Framing.CHUNKED) {
            encoder.raw(CHUNKED);
        }
        if (close) {
            encoder.raw(CONNECTION_CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            encoder.raw(CONNECTION_KEEP_ALIVE);
        }
        encoder.end();
        return new Head(framing, close);
    }

    /**
     * Encodes a {@code 101 Switching Protocols} head: the status line, the application's fields as it set them
     * ({@code Connection} and {@code Upgrade} included) but the framing ones, which a 1xx response must not carry
     * (RFC 9110 §8.6, RFC 9112 §6.1), then {@code dateLine} and {@code serverLine} unless the application set Date or
     * Server. Nothing follows the head on this protocol. A field that could split the head throws
     * IllegalArgumentException, as in {@link #head}.
     */
    public void switchingProtocols(Map<String, List<String>> fields, byte[] dateLine, byte[] serverLine) {
        encoder.reset();
        encoder.statusLine(101);
        boolean appDate = false;
        boolean appServer = false;
        if (fields != null) {
            for (Map.Entry<String, List<String>> field : fields.entrySet()) {
                String name = field.getKey();
                if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
                    continue;
                }
                appDate |= name.equalsIgnoreCase("Date");
                appServer |= name.equalsIgnoreCase("Server");
                for (String value : field.getValue()) {
                    encoder.field(name, value == null ? "" : value);
                }
            }
        }
        if (!appDate) {
            encoder.raw(dateLine);
        }
        if (!appServer) {
            encoder.raw(serverLine);
        }
        encoder.end();
    }

    private static boolean asksToClose(List<String> values) {
        for (String value : values) {
            if (value != null && value.toLowerCase(Locale.ROOT).contains("close")) {
                return true;
            }
        }
        return false;
    }
}
