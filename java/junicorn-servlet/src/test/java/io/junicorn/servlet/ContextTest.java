package io.junicorn.servlet;

import jakarta.servlet.ServletRequestAttributeEvent;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ServletContext: resources from META-INF/resources on the class path, MIME types, request listeners. */
class ContextTest {
    private final AppServletContext context = new AppServletContext(getClass().getClassLoader());

    @Test
    void resourcesComeFromMetaInfResources() throws Exception {
        try (InputStream in = context.getResourceAsStream("/static/hello.txt")) {
            assertEquals("hello resource\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(Set.of("/static/hello.txt", "/static/css/"), context.getResourcePaths("/static/"));
        assertNull(context.getResource("/static/missing.txt"));
        assertNull(context.getResource("/../io/junicorn/servlet/ContextTest.class"), "nothing above the root");
        assertNull(context.getResource("/io/junicorn/servlet/ContextTest.class"), "classes are no resources");
        assertThrows(java.net.MalformedURLException.class, () -> context.getResource("static/hello.txt"));
        assertEquals("text/css", context.getMimeType("site.CSS"));
        assertEquals("application/json", context.getMimeType("/a/b.json"));
        assertNull(context.getMimeType("README"));
    }

    public static final class Attributes extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.setAttribute("a", 1);
            request.setAttribute("a", 2);
            request.removeAttribute("a");
            response.getWriter().print("ok");
        }
    }

    @Test
    void requestListenersSeeEachRequestAndItsAttributes() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (Harness harness = Harness.deploy(deployed -> {
            deployed.addServlet("attributes", Attributes.class).addMapping("/");
            deployed.addListener(new ServletRequestListener() {
                @Override
                public void requestInitialized(ServletRequestEvent event) {
                    events.add("initialized");
                }

                @Override
                public void requestDestroyed(ServletRequestEvent event) {
                    events.add("destroyed");
                }
            });
            deployed.addListener(new ServletRequestAttributeListener() {
                @Override
                public void attributeAdded(ServletRequestAttributeEvent event) {
                    events.add("added " + event.getName() + "=" + event.getValue());
                }

                @Override
                public void attributeReplaced(ServletRequestAttributeEvent event) {
                    events.add("replaced " + event.getName() + "=" + event.getValue());
                }

                @Override
                public void attributeRemoved(ServletRequestAttributeEvent event) {
                    events.add("removed " + event.getName() + "=" + event.getValue());
                }
            });
        })) {
            assertEquals("ok", harness.get("/x").body());
            assertEquals(List.of("initialized", "added a=1", "replaced a=1", "removed a=2", "destroyed"), events);
        }
    }
}
