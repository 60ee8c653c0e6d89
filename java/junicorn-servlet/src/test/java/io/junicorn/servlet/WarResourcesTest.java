package io.junicorn.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A war's tree as the context's resources (before the jars' META-INF/resources), and the default servlet that
 * serves its static files when the application maps nothing at "/", never WEB-INF/ or META-INF/.
 */
class WarResourcesTest {
    @TempDir
    Path war;

    @Test
    void theWarsTreeComesFirstThenTheClassPath() throws Exception {
        tree();
        AppServletContext context = new AppServletContext(getClass().getClassLoader(), war);
        try (InputStream in = context.getResourceAsStream("/css/site.css")) {
            assertEquals("body {}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream in = context.getResourceAsStream("/static/hello.txt")) {
            assertEquals("hello resource\n", new String(in.readAllBytes(), StandardCharsets.UTF_8), "a jar's META-INF/resources");
        }
        assertEquals(war.resolve("WEB-INF/web.xml").toString(), context.getRealPath("/WEB-INF/web.xml"));
        assertEquals(war.resolve("not/yet.txt").toString(), context.getRealPath("/not/yet.txt"), "as Tomcat's, existing or not");
        assertEquals(Set.of("/css/", "/index.html", "/META-INF/", "/WEB-INF/", "/static/"), context.getResourcePaths("/"));
        assertNull(context.getResource("/../outside.txt"));
    }

    @Test
    void theDefaultServletServesStaticFilesButNotWebInf() throws Exception {
        tree();
        try (Harness harness = Harness.of(deploy(deployed -> { }))) {
            HttpResponse<String> index = harness.get("/");
            assertEquals(200, index.statusCode());
            assertEquals("<h1>war</h1>", index.body());
            assertEquals("text/html", index.headers().firstValue("Content-Type").orElseThrow());
            HttpResponse<String> css = harness.get("/css/site.css");
            assertEquals("text/css", css.headers().firstValue("Content-Type").orElseThrow());
            String modified = css.headers().firstValue("Last-Modified").orElseThrow();
            assertEquals(304, harness.get("/css/site.css", "If-Modified-Since", modified).statusCode());
            assertEquals("/css/", harness.get("/css").headers().firstValue("Location").map(l -> l.substring(l.indexOf("/css")))
                    .orElseThrow(), "a directory gets its slash");
            assertEquals(404, harness.get("/missing.txt").statusCode());
            assertEquals(404, harness.get("/WEB-INF/web.xml").statusCode());
            assertEquals(404, harness.get("/web-inf/web.xml").statusCode());
            assertEquals(404, harness.get("/META-INF/MANIFEST.MF").statusCode());
        }
    }

    public static final class Root extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print("the application's own /");
        }
    }

    @Test
    void anApplicationMappingSlashKeepsIt() throws Exception {
        tree();
        try (Harness harness = Harness.of(deploy(deployed -> deployed.addServlet("app", Root.class).addMapping("/")))) {
            assertEquals("the application's own /", harness.get("/css/site.css").body());
        }
    }

    private ServletHandler deploy(Deployment.Registration registration) throws Exception {
        AppServletContext context = new AppServletContext(getClass().getClassLoader(), war);
        return Deployment.deploy(context, List.of(), null, registration, WarKind::defaultServlet);
    }

    private void tree() throws IOException {
        Files.writeString(war.resolve("index.html"), "<h1>war</h1>");
        Files.createDirectories(war.resolve("css"));
        Files.writeString(war.resolve("css/site.css"), "body {}");
        Files.createDirectories(war.resolve("WEB-INF"));
        Files.writeString(war.resolve("WEB-INF/web.xml"), "<web-app/>");
        Files.createDirectories(war.resolve("META-INF"));
        Files.writeString(war.resolve("META-INF/MANIFEST.MF"), "Manifest-Version: 1.0\n");
    }
}
