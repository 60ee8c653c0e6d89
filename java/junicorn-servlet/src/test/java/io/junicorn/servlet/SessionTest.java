package io.junicorn.servlet;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HttpSession: the JSESSIONID cookie, state across requests, invalidation and max-inactive expiry. */
class SessionTest {

    public static final class Counter extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getPathInfo().equals("/invalidate")) {
                request.getSession().invalidate();
                response.getWriter().print("bye");
                return;
            }
            HttpSession session = request.getSession();
            if (request.getPathInfo().equals("/short")) {
                session.setMaxInactiveInterval(1);
            }
            Integer count = (Integer) session.getAttribute("count");
            count = count == null ? 1 : count + 1;
            session.setAttribute("count", count);
            response.getWriter().print(count + (session.isNew() ? " new" : " old"));
        }
    }

    private static String sessionCookie(HttpResponse<String> response) {
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(header.startsWith("JSESSIONID=") && header.contains("; HttpOnly") && header.contains("; Path=/"),
                header);
        return header.substring(0, header.indexOf(';'));
    }

    @Test
    void sessionsLiveAcrossRequestsUntilInvalidated() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (Harness harness = Harness.deploy(context -> {
            context.addServlet("counter", Counter.class).addMapping("/s/*");
            context.addListener(new ServletContextListener() {
                @Override
                public void contextDestroyed(ServletContextEvent sce) {
                    events.add("context destroyed");
                }
            });
            context.addListener(new HttpSessionListener() {
                @Override
                public void sessionCreated(HttpSessionEvent se) {
                    events.add("created");
                }

                @Override
                public void sessionDestroyed(HttpSessionEvent se) {
                    events.add("destroyed");
                }
            });
        })) {
            HttpResponse<String> first = harness.get("/s/count");
            assertEquals("1 new", first.body());
            String cookie = sessionCookie(first);
            assertEquals("2 old", harness.get("/s/count", "Cookie", cookie).body());
            assertEquals("3 old", harness.get("/s/count", "Cookie", cookie).body());
            assertEquals("bye", harness.get("/s/invalidate", "Cookie", cookie).body());
            HttpResponse<String> fresh = harness.get("/s/count", "Cookie", cookie);
            assertEquals("1 new", fresh.body());
            assertEquals(List.of("created", "destroyed", "created"), events);
        }
        // closing ends the live session before the context listeners hear contextDestroyed (Tomcat's order)
        assertEquals(List.of("created", "destroyed", "created", "destroyed", "context destroyed"), events);
    }

    @Test
    void theSessionCookieIsConfiguredBeforeTheContextStartsAndFixedAfter() throws Exception {
        try (Harness harness = Harness.deploy(context -> {
            context.addServlet("counter", Counter.class).addMapping("/s/*");
            context.getSessionCookieConfig().setName("SID");
            context.getSessionCookieConfig().setMaxAge(600);
        })) {
            String header = harness.get("/s/count").headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(header.startsWith("SID=") && header.contains("; Max-Age=600"), header);
            // SessionCookieConfig's setters: IllegalStateException once the context has been initialised
            var config = harness.handler.servletContext().getSessionCookieConfig();
            assertThrows(IllegalStateException.class, () -> config.setName("OTHER"));
            assertThrows(IllegalStateException.class, () -> config.setSecure(true));
            assertEquals("SID", config.getName());
        }
    }

    @Test
    void aSessionExpiresAfterItsMaxInactiveInterval() throws Exception {
        try (Harness harness = Harness.deploy(context -> context.addServlet("counter", Counter.class).addMapping("/s/*"))) {
            String cookie = sessionCookie(harness.get("/s/short"));
            assertEquals("2 old", harness.get("/s/count", "Cookie", cookie).body());
            // what is tested is time passing: more than the one-second interval without a request
            Thread.sleep(1100);
            assertEquals("1 new", harness.get("/s/count", "Cookie", cookie).body());
        }
    }
}
