package io.junicorn.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application under a context path (Spring Boot's server.servlet.context-path): mapping below it, the root
 * without its slash redirected, other paths 404, redirects and the session cookie under it; with gzip on.
 */
class ContextPathTest {
    public static final class Paths extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getParameter("session") != null) {
                request.getSession();
            }
            if (request.getParameter("next") != null) {
                response.sendRedirect(request.getParameter("next"));
                return;
            }
            if (request.getParameter("big") != null) {
                response.setContentType("application/json");
                response.getWriter().print("[" + "\"abcdefgh\",".repeat(300) + "\"end\"]");
                return;
            }
            response.getWriter().print(request.getContextPath() + "|" + request.getServletPath() + "|"
                    + request.getPathInfo() + "|" + request.getRequestURI());
        }
    }

    @Test
    void mapsBelowTheContextPathOnly() throws Exception {
        try (Harness harness = underShop()) {
            assertEquals("/shop|/users|/7|/shop/users/7", harness.get("/shop/users/7").body());
            assertEquals("/shop||/|/shop/", harness.get("/shop/").body(), "the context root's own mapping");
            assertEquals("/shop|/cart|null|/shop/cart", harness.get("/shop/cart").body(), "the default servlet");
            assertEquals(404, harness.get("/users/7").statusCode());
            assertEquals(404, harness.get("/shopping/users/7").statusCode(), "a prefix of a segment is no context");
            assertEquals(404, harness.get("/").statusCode());
        }
    }

    @Test
    void theContextRootWithoutItsSlashIsRedirected() throws Exception {
        try (Harness harness = underShop()) {
            HttpResponse<String> root = harness.get("/shop");
            assertEquals(302, root.statusCode());
            assertEquals("/shop/", root.headers().firstValue("Location").orElseThrow());
            assertEquals("/shop/?page=2", harness.get("/shop?page=2").headers().firstValue("Location").orElseThrow());
        }
    }

    @Test
    void redirectsAndTheSessionCookieStayUnderTheContextPath() throws Exception {
        try (Harness harness = underShop()) {
            HttpResponse<String> relative = harness.get("/shop/users/7?next=8");
            assertEquals(harness.uri("/shop/users/8").toString(), relative.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> absolute = harness.get("/shop/users/7?next=/shop/cart");
            assertEquals(harness.uri("/shop/cart").toString(), absolute.headers().firstValue("Location").orElseThrow());
            String cookie = harness.get("/shop/users/7?session=1").headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("Path=/shop"), cookie);
        }
    }

    @Test
    void gzipUnderTheContextPath() throws Exception {
        try (Harness harness = underShop()) {
            HttpResponse<byte[]> response = harness.send(harness.request("/shop/users/7?big=1")
                            .header("Accept-Encoding", "gzip"), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
            assertEquals(List.of("Accept-Encoding"), response.headers().allValues("Vary"));
            String json = new String(new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertTrue(json.startsWith("[\"abcdefgh\",") && json.endsWith("\"end\"]"), json);
        }
    }

    private static Harness underShop() throws Exception {
        AppServletContext context = new AppServletContext(ContextPathTest.class.getClassLoader());
        context.contextPath("/shop");
        context.compression(new ResponseCompression(List.of("application/json"), 1024));
        return Harness.of(Deployment.deploy(context, List.of(), null, deployed -> {
            deployed.addServlet("paths", Paths.class).addMapping("/users/*", "");
            deployed.addServlet("root", Paths.class).addMapping("/");
        }, deployed -> { }));
    }
}
