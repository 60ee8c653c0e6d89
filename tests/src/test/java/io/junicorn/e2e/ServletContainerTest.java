package io.junicorn.e2e;

import io.junicorn.e2e.apps.ServletShowcase;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Servlet container on real workers: mapping forms, HEAD, a redirect, the error page for an exception and
 * for sendError, the forwarded client and scheme, a session kept by one worker, async completion; and a servlet
 * app that cannot start halts.
 */
class ServletContainerTest {

    private static String testClasses() throws Exception {
        return Path.of(ServletContainerTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void servesTheShowcase() throws Exception {
        // virtual-thread workers keep connections alive (sync workers close after each response, as gunicorn's)
        try (Junicorn server = Junicorn.start(List.of("-w", "2", "-k", "virtual", "-b", "127.0.0.1:0",
                "--class-path", testClasses(), ServletShowcase.class.getName()))) {
            Client.At client = Client.at(server.port());
            Junicorn.await("two workers", Duration.ofSeconds(30), () -> server.workerPids().size() == 2);

            assertEquals("/exact|null|EXACT", client.get("/exact").body());
            HttpResponse<String> head = client.head("/exact");
            assertEquals(200, head.statusCode());
            assertEquals("17", head.headers().firstValue("Content-Length").orElseThrow());
            assertEquals("", head.body());
            assertEquals("/prefix|/a/b|PATH", client.get("/prefix/a/b").body());
            assertEquals("/x/y.do|null|EXTENSION", client.get("/x/y.do").body());
            HttpResponse<String> fallback = client.get("/anything/else");
            assertEquals("/anything/else|null|DEFAULT", fallback.body());
            assertEquals("REQUEST", fallback.headers().firstValue("X-Filtered").orElseThrow());

            HttpResponse<String> redirect = client.get("/redirect");
            assertEquals(302, redirect.statusCode());
            assertEquals("http://127.0.0.1:" + server.port() + "/exact", redirect.headers().firstValue("Location").orElseThrow());

            HttpResponse<String> boom = client.get("/boom");
            assertEquals(500, boom.statusCode());
            assertEquals("{\"status\":500,\"uri\":\"/boom\",\"exception\":\"java.lang.IllegalStateException\","
                    + "\"dispatch\":\"ERROR\"}", boom.body());
            HttpResponse<String> gone = client.get("/gone");
            assertEquals(410, gone.statusCode());
            assertEquals("{\"status\":410,\"uri\":\"/gone\",\"exception\":\"\",\"dispatch\":\"ERROR\"}", gone.body());

            // 127.0.0.1 is a trusted proxy by default (forwarded_allow_ips): its forwarded client and scheme count
            HttpResponse<String> proxied = client.get("/client", "X-Forwarded-For", "203.0.113.7",
                    "X-Forwarded-Proto", "https");
            assertEquals("203.0.113.7 https true https://127.0.0.1:" + server.port() + "/client", proxied.body());
            assertEquals("127.0.0.1 http false http://127.0.0.1:" + server.port() + "/client", client.get("/client").body());

            HttpResponse<String> later = client.get("/later");
            assertEquals(200, later.statusCode());
            assertEquals("completed later on junicorn-async", later.body());

            // one keep-alive connection stays with one worker, and so does the session it carries
            try (Socket socket = Http.connect(server.port())) {
                Http.send(socket, "GET /session HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                Http.Response first = Http.read(socket.getInputStream());
                String setCookie = first.head().lines()
                        .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("set-cookie: jsessionid="))
                        .findFirst().orElseThrow(() -> new AssertionError("no session cookie in\n" + first.head()));
                String cookie = setCookie.substring("Set-Cookie: ".length(), setCookie.indexOf(';'));
                String pid = first.body().split(" ")[1];
                assertEquals("1 " + pid, first.body());
                Http.send(socket, "GET /session HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\n\r\n");
                assertEquals("2 " + pid, Http.read(socket.getInputStream()).body());
                Http.send(socket, "GET /session HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie + "\r\n\r\n");
                assertEquals("3 " + pid, Http.read(socket.getInputStream()).body());
            }

            server.signal("TERM");
            assertEquals(0, server.awaitExit(Duration.ofSeconds(40)));
            server.assertNoUnexpectedErrors("Servlet.service() for servlet actions threw exception on GET /boom",
                    "java.lang.IllegalStateException: boom on purpose");
        }
    }

    @Test
    void aServletThatCannotStartHaltsTheMaster() throws Exception {
        try (Junicorn server = Junicorn.start(ServletApps.args(testClasses(),
                "io.junicorn.e2e.apps.ServletShowcase$Broken"))) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(30)));
            String log = server.log();
            assertTrue(log.contains("App failed to load: cannot start class io.junicorn.e2e.apps.ServletShowcase$Broken"
                    + " extends jakarta.servlet.http.HttpServlet as a jakarta.servlet.Servlet"), log);
            assertTrue(log.contains("no database configured"), log);
            assertTrue(log.contains("Reason: App failed to load."), log);
        }
    }

    @Test
    void aClassOfNoKnownKindIsNamedWithWhatWasLookedFor() throws Exception {
        try (Junicorn server = Junicorn.start(List.of("-w", "1", "-b", "127.0.0.1:0", "--class-path", testClasses(),
                "io.junicorn.e2e.ServletApps"))) {
            assertEquals(4, server.awaitExit(Duration.ofSeconds(30)));
            assertTrue(server.log().contains("cannot host io.junicorn.e2e.ServletApps: looked for a com.sun.net.httpserver.HttpHandler,"),
                    server.log());
            assertTrue(server.log().contains(", a jakarta.servlet.Servlet, "), server.log());
        }
    }
}
