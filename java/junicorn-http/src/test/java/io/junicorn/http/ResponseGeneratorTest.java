package io.junicorn.http;

import io.junicorn.http.ResponseGenerator.ConnectionIntent;
import io.junicorn.http.ResponseGenerator.Framing;
import io.junicorn.http.ResponseGenerator.Head;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request/response dialogues, as Jetty's HttpGeneratorServerTest: a request (method, version), the
 * application's answer (status, declared length, fields), the server's intent for the connection; then
 * the framing decided and the head's bytes.
 */
class ResponseGeneratorTest {
    private static final byte[] DATE = Splits.bytes("Date: Thu, 01 Jan 2026 00:00:00 GMT\r\n");
    private static final byte[] SERVER = Splits.bytes("Server: junicorn\r\n");
    private static final String STAMPS = "Date: Thu, 01 Jan 2026 00:00:00 GMT\r\nServer: junicorn\r\n";

    private final ResponseEncoder encoder = new ResponseEncoder(16);
    private final ResponseGenerator generator = new ResponseGenerator(encoder);

    private Head answer(String method, HttpVersion version, int status, long length, ConnectionIntent intent,
                        Map<String, List<String>> fields) {
        return generator.head(status, method, version, length, intent, fields, DATE, SERVER);
    }

    private String bytes() {
        return new String(encoder.array(), 0, encoder.length(), StandardCharsets.ISO_8859_1);
    }

    private static Map<String, List<String>> fields(String... nameValue) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            fields.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return fields;
    }

    @Test
    void knownLengthKeepsTheConnection() {
        Head head = answer("GET", HttpVersion.HTTP_1_1, 200, 11, ConnectionIntent.KEEP_ALIVE,
                fields("Content-Type", "text/plain"));
        assertEquals(new Head(Framing.FIXED_LENGTH, false), head);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + STAMPS + "Content-Length: 11\r\n\r\n", bytes());
    }

    @Test
    void unknownLengthIsChunkedForHttp11() {
        assertEquals(new Head(Framing.CHUNKED, false),
                answer("POST", HttpVersion.HTTP_1_1, 201, 0, ConnectionIntent.KEEP_ALIVE, null));
        assertEquals("HTTP/1.1 201 Created\r\n" + STAMPS + "Transfer-Encoding: chunked\r\n\r\n", bytes());
    }

    @Test
    void unknownLengthForHttp10EndsWithTheConnection() {
        assertEquals(new Head(Framing.UNTIL_CLOSE, true),
                answer("GET", HttpVersion.HTTP_1_0, 200, 0, ConnectionIntent.KEEP_ALIVE, null));
        assertEquals("HTTP/1.1 200 OK\r\n" + STAMPS + "Connection: close\r\n\r\n", bytes());
    }

    @Test
    void http10KeptAliveSaysSo() {
        assertEquals(new Head(Framing.FIXED_LENGTH, false),
                answer("GET", HttpVersion.HTTP_1_0, 200, 2, ConnectionIntent.KEEP_ALIVE, null));
        assertEquals("HTTP/1.1 200 OK\r\n" + STAMPS + "Content-Length: 2\r\nConnection: keep-alive\r\n\r\n", bytes());
    }

    @Test
    void noBodyDeclaredIsContentLengthZero() {
        assertEquals(new Head(Framing.EMPTY, true),
                answer("GET", HttpVersion.HTTP_1_1, 404, -1, ConnectionIntent.CLOSE, null));
        assertEquals("HTTP/1.1 404 Not Found\r\n" + STAMPS + "Content-Length: 0\r\nConnection: close\r\n\r\n", bytes());
    }

    @Test
    void noContentAndNotModifiedHaveNoBodyWhateverWasDeclared() {
        assertEquals(Framing.EMPTY, answer("GET", HttpVersion.HTTP_1_1, 204, 100, ConnectionIntent.KEEP_ALIVE,
                fields("Content-Length", "100")).framing());
        assertEquals("HTTP/1.1 204 No Content\r\n" + STAMPS + "\r\n", bytes());
        assertEquals(Framing.EMPTY, answer("GET", HttpVersion.HTTP_1_1, 304, 0, ConnectionIntent.KEEP_ALIVE,
                fields("Content-Length", "100")).framing());
        assertEquals("HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n" + STAMPS + "\r\n", bytes(),
                "a 304 describes the representation: the application's length stays");
    }

    @Test
    void headDescribesTheBodyItDoesNotSend() {
        assertEquals(Framing.HEAD, answer("HEAD", HttpVersion.HTTP_1_1, 200, 42, ConnectionIntent.KEEP_ALIVE, null).framing());
        assertEquals("HTTP/1.1 200 OK\r\n" + STAMPS + "Content-Length: 42\r\n\r\n", bytes());
        assertEquals(Framing.HEAD, answer("HEAD", HttpVersion.HTTP_1_1, 200, 0, ConnectionIntent.KEEP_ALIVE,
                fields("Content-Length", "7")).framing());
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n" + STAMPS + "\r\n", bytes());
    }

    @Test
    void framingAndConnectionFieldsAreTheServers() {
        Head head = answer("GET", HttpVersion.HTTP_1_1, 200, 3, ConnectionIntent.KEEP_ALIVE,
                fields("Transfer-Encoding", "chunked", "Content-Length", "99", "Connection", "Close"));
        assertEquals(new Head(Framing.FIXED_LENGTH, true), head, "the application's Connection: close is honoured");
        assertEquals("HTTP/1.1 200 OK\r\n" + STAMPS + "Content-Length: 3\r\nConnection: close\r\n\r\n", bytes());
    }

    @Test
    void applicationDateAndServerWin() {
        answer("GET", HttpVersion.HTTP_1_1, 200, 1, ConnectionIntent.KEEP_ALIVE,
                fields("Server", "app", "Date", "yesterday"));
        assertEquals("HTTP/1.1 200 OK\r\nServer: app\r\nDate: yesterday\r\nContent-Length: 1\r\n\r\n", bytes());
    }

    @Test
    void aHeadThatWouldSplitTheResponseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> answer("GET", HttpVersion.HTTP_1_1, 200, 1,
                ConnectionIntent.KEEP_ALIVE, fields("X", "a\r\nSet-Cookie: b")));
        assertThrows(IllegalArgumentException.class, () -> answer("GET", HttpVersion.HTTP_1_1, 200, 1,
                ConnectionIntent.KEEP_ALIVE, fields("X Y", "a")));
    }

    @Test
    void theServersIntentToCloseIsSent() {
        Head head = answer("GET", HttpVersion.HTTP_1_1, 200, 0, ConnectionIntent.CLOSE, null);
        assertEquals(Framing.CHUNKED, head.framing());
        assertTrue(head.close());
        assertEquals("HTTP/1.1 200 OK\r\n" + STAMPS + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", bytes());
        assertFalse(answer("GET", HttpVersion.HTTP_1_1, 200, 0, ConnectionIntent.KEEP_ALIVE, null).close());
    }
}
