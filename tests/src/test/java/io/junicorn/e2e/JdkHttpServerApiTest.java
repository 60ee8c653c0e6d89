package io.junicorn.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The com.sun.net.httpserver API as an application running its own HttpServer sees it on junicorn's workers
 * (apps/ApiServer, main mode): contexts, filters, authenticator, response framing, attributes, addresses,
 * SimpleFileServer.
 */
class JdkHttpServerApiTest {
    private static Junicorn server;
    private static int port;
    private static Path files;

    @BeforeAll
    static void start() throws Exception {
        files = Files.createTempDirectory("junicorn-files");
        Files.writeString(files.resolve("note.txt"), "a static file\n");
        server = Junicorn.start(List.of("-w", "2", "-b", "127.0.0.1:0", "--forwarded-allow-ips", "127.0.0.1",
                "--jvm-opt", "-Dapi.files=" + files, "--class-path", AppSpecTest.testClasses(),
                "io.junicorn.e2e.apps.ApiServer"));
        port = server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void longestPrefixWinsAsTheJdkMatches() throws Exception {
        assertEquals("root /", Client.get(port, "/").body());
        assertEquals("root /", Client.get(port, "/elsewhere").body());
        assertEquals("api /api", Client.get(port, "/api").body());
        assertEquals("api /api", Client.get(port, "/api/users").body());
        assertEquals("api /api", Client.get(port, "/apiary").body(), "a string prefix, as the JDK's ContextList");
        assertEquals("v2 /api/v2", Client.get(port, "/api/v2/x").body());
        assertEquals("root /", Client.get(port, "/removed").body(), "a removed context no longer matches");
        assertEquals("first", Client.get(port, "/duplicate").body());
    }

    @Test
    void filtersRunInOrderAndWrapTheStreams() throws Exception {
        HttpResponse<String> response = Client.get(port, "/filtered");
        assertEquals(200, response.statusCode());
        assertEquals("before", response.headers().firstValue("X-Filter").orElseThrow());
        assertEquals("ATTRIBUTE=GET CONTEXT=HI", response.body());
        server.awaitLog("after-filter saw status 200", java.time.Duration.ofSeconds(10));
    }

    @Test
    void authenticatorSetsThePrincipalOrRefuses() throws Exception {
        HttpResponse<String> refused = Client.get(port, "/secure");
        assertEquals(401, refused.statusCode());
        assertEquals("Basic realm=\"api\", charset=\"UTF-8\"",
                refused.headers().firstValue("WWW-Authenticate").orElseThrow());
        String wrong = Base64.getEncoder().encodeToString("ann:guess".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, Client.send(Client.request(port, "/secure").header("Authorization", "Basic " + wrong)
                .build()).statusCode());
        String right = Base64.getEncoder().encodeToString("ann:secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> accepted = Client.send(Client.request(port, "/secure")
                .header("Authorization", "Basic " + right).build());
        assertEquals(200, accepted.statusCode());
        assertEquals("principal=ann@api", accepted.body());
    }

    @Test
    void zeroIsChunkedAndMinusOneHasNoBody() throws Exception {
        try (Socket socket = Http.connect(port)) {
            Http.send(socket, "GET /chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Http.Response chunked = Http.read(socket.getInputStream());
            assertTrue(chunked.head().contains("Transfer-Encoding: chunked"), chunked.head());
            assertEquals("6\r\npart0;\r\n6\r\npart1;\r\n6\r\npart2;\r\n0\r\n\r\n", chunked.body(),
                    "a chunk per flush, then the last chunk");
        }
        try (Socket socket = Http.connect(port)) {
            Http.send(socket, "GET /nobody HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Http.Response empty = Http.read(socket.getInputStream());
            assertEquals(200, empty.status());
            assertTrue(empty.head().contains("Content-Length: 0"), empty.head());
            assertTrue(empty.head().contains("X-empty: yes"), empty.head());
            assertEquals("", empty.body());
        }
    }

    @Test
    void requestBodyStreams() throws Exception {
        String body = "x".repeat(100_000);
        assertEquals("received 100000", Client.post(port, "/upload", "text/plain", body).body());
    }

    @Test
    void addressesHonourTheForwardedTrustList() throws Exception {
        String direct = Client.get(port, "/addresses").body();
        assertEquals("remote=127.0.0.1 local=" + port + " server=" + port, direct,
                "getAddress is the worker's listener, not the port 9 the app asked for");
        String forwarded = Client.send(Client.request(port, "/addresses").header("X-Forwarded-For", "203.0.113.7")
                .build()).body();
        assertEquals("remote=203.0.113.7 local=" + port + " server=" + port, forwarded);
    }

    @Test
    void untrustedProxyIsNotBelieved() throws Exception {
        try (Junicorn untrusting = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--forwarded-allow-ips",
                "10.0.0.1", "--jvm-opt", "-Dapi.files=" + files, "--class-path", AppSpecTest.testClasses(),
                "io.junicorn.e2e.apps.ApiServer"))) {
            int otherPort = untrusting.port();
            String body = Client.send(Client.request(otherPort, "/addresses").header("X-Forwarded-For", "203.0.113.7")
                    .build()).body();
            assertTrue(body.startsWith("remote=127.0.0.1 "), body);
        }
    }

    @Test
    void simpleFileServerHandlerServesFiles() throws Exception {
        HttpResponse<String> file = Client.get(port, "/files/note.txt");
        assertEquals(200, file.statusCode());
        assertEquals("a static file\n", file.body());
        assertTrue(file.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        HttpResponse<String> listing = Client.get(port, "/files/");
        assertEquals(200, listing.statusCode());
        assertTrue(listing.body().contains("note.txt"), listing.body());
        assertEquals(404, Client.get(port, "/files/missing.txt").statusCode());
    }

    @Test
    void logStaysClean() {
        server.assertNoUnexpectedErrors();
        assertFalse(server.log().contains("App failed to load"), server.log());
    }
}
