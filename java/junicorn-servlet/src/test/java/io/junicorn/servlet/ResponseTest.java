package io.junicorn.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Response buffering, headers that act like setters, the writer's charset, redirects and cookies. */
class ResponseTest {

    public static final class Responses extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            switch (request.getPathInfo()) {
                case "/reset" -> {
                    response.setStatus(201);
                    response.getWriter().print("discarded");
                    boolean committed = response.isCommitted();
                    response.resetBuffer();
                    response.getWriter().print("kept committed=" + committed);
                }
                case "/overflow" -> {
                    response.setBufferSize(1024);
                    byte[] chunk = new byte[1500];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    response.getOutputStream().write(chunk);
                    // committed by the overflow: this status comes too late
                    response.setStatus(500);
                    response.getOutputStream().write(("|" + response.isCommitted()).getBytes(StandardCharsets.US_ASCII));
                }
                case "/header-setters" -> {
                    response.addHeader("Content-Type", "application/json;charset=UTF-16");
                    response.setHeader("Content-Length", "2");
                    response.setCharacterEncoding("UTF-8");
                    response.getOutputStream().write("{}".getBytes(StandardCharsets.US_ASCII));
                }
                case "/writer-charset" -> {
                    response.setContentType("text/plain");
                    response.setCharacterEncoding("UTF-8");
                    response.getWriter().print("grüße " + response.getContentType());
                }
                case "/latin1" -> {
                    response.setContentType("text/plain");
                    response.getWriter().print("café");
                }
                case "/unknown-charset" -> {
                    response.setContentType("text/plain;charset=klingon");
                    try {
                        response.getWriter();
                    } catch (java.io.UnsupportedEncodingException e) {
                        response.setContentType("text/plain;charset=UTF-8");
                        response.getWriter().print("unsupported " + e.getMessage());
                    }
                }
                case "/redirect" -> response.sendRedirect("next?x=1");
                case "/list/page" -> response.sendRedirect(request.getParameter("to"));
                case "/cookie" -> {
                    Cookie cookie = new Cookie("flavour", "oat");
                    cookie.setPath("/");
                    cookie.setHttpOnly(true);
                    cookie.setMaxAge(60);
                    cookie.setAttribute("SameSite", "Lax");
                    response.addCookie(cookie);
                    response.setStatus(204);
                }
                case "/reset-all" -> {
                    response.setHeader("X-Gone", "1");
                    response.setStatus(418);
                    response.reset();
                    response.setHeader("X-Here", "1");
                    response.getWriter().print("after reset");
                }
                default -> response.sendError(404);
            }
        }
    }

    private static Harness harness() throws Exception {
        return Harness.deploy(context -> context.addServlet("responses", Responses.class).addMapping("/r/*"));
    }

    @Test
    void resetBufferDiscardsUncommittedContent() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.get("/r/reset");
            assertEquals(201, response.statusCode());
            assertEquals("kept committed=false", response.body());
            assertEquals("20", response.headers().firstValue("Content-Length").orElseThrow());
        }
    }

    @Test
    void overflowingTheBufferCommits() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.get("/r/overflow");
            assertEquals(200, response.statusCode());
            assertTrue(response.body().endsWith("|true"), response.body());
            assertEquals(1505, response.body().length());
        }
    }

    @Test
    void contentTypeAndLengthSetAsHeadersActLikeTheSetters() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.get("/r/header-setters");
            assertEquals("application/json;charset=UTF-8", response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("2", response.headers().firstValue("Content-Length").orElseThrow());
            assertEquals(1, response.headers().allValues("Content-Type").size());
            assertEquals("{}", response.body());
        }
    }

    @Test
    void theWriterEncodesWithTheResponseCharset() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.get("/r/writer-charset");
            assertEquals("text/plain;charset=UTF-8", response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("grüße text/plain;charset=UTF-8", response.body());
            HttpResponse<byte[]> latin = harness.getBytes("/r/latin1");
            assertEquals("text/plain;charset=ISO-8859-1", latin.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("café", new String(latin.body(), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aWriterInAnUnknownCharsetIsTheDeclaredUnsupportedEncodingException() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.get("/r/unknown-charset");
            assertEquals("unsupported klingon", response.body());
        }
    }

    @Test
    void redirectsAreAbsoluteAndCookiesCarryTheirAttributes() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.get("/r/redirect");
            assertEquals(302, response.statusCode());
            assertEquals(harness.uri("/r/next?x=1").toString(), response.headers().firstValue("Location").orElseThrow());
            response = harness.get("/r/cookie");
            assertEquals(204, response.statusCode());
            String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.startsWith("flavour=oat; "), cookie);
            assertTrue(cookie.contains("; Max-Age=60; Expires="), cookie);
            assertTrue(cookie.contains("; Path=/") && cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax"),
                    cookie);
        }
    }

    @Test
    void relativeRedirectsResolveByRfc3986() throws Exception {
        try (Harness harness = harness()) {
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("%3Fpage%3D2", "/r/list/page?page=2");
            expected.put("..%2F..%2F..%2F..%2Fup", "/up");
            expected.put("./a%20b%3Fq", "/r/list/a b?q");
            expected.put("%23top", "/r/list/page?to=%23top#top");
            expected.put("%2Fabs%2F.%2Fx", "/abs/x");
            for (Map.Entry<String, String> entry : expected.entrySet()) {
                HttpResponse<String> response = harness.get("/r/list/page?to=" + entry.getKey());
                assertEquals(302, response.statusCode());
                assertEquals("http://127.0.0.1:" + harness.uri("/").getPort() + entry.getValue(),
                        response.headers().firstValue("Location").orElseThrow(), entry.getKey());
            }
            HttpResponse<String> injected = harness.get("/r/list/page?to=x%0D%0ASet-Cookie:%20a=b");
            assertEquals(500, injected.statusCode());
            assertTrue(injected.headers().firstValue("Set-Cookie").isEmpty());
        }
    }

    @Test
    void resetClearsStatusAndHeaders() throws Exception {
        try (Harness harness = harness()) {
            HttpResponse<String> response = harness.get("/r/reset-all");
            assertEquals(200, response.statusCode());
            assertFalse(response.headers().firstValue("X-Gone").isPresent());
            assertEquals("1", response.headers().firstValue("X-Here").orElseThrow());
            assertEquals("after reset", response.body());
        }
    }
}
