package io.junicorn.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The specification's mapping order and the servlet path / path info split (Servlet 6.1 section 12). */
class ServletMapperTest {
    private final AppServletContext context = new AppServletContext(getClass().getClassLoader());
    private final ServletMapper mapper = context.mapper();

    private ServletHolder servlet(String name, String... patterns) {
        var registration = context.addServlet(name, new HttpServlet() { });
        registration.addMapping(patterns);
        return (ServletHolder) registration;
    }

    @Test
    void exactThenLongestPrefixThenExtensionThenDefault() {
        ServletHolder exact = servlet("exact", "/a/b.jsp");
        ServletHolder shortPrefix = servlet("short", "/a/*");
        ServletHolder longPrefix = servlet("long", "/a/b/*");
        ServletHolder extension = servlet("ext", "*.jsp");
        ServletHolder fallback = servlet("default", "/");
        ServletHolder root = servlet("root", "");

        ServletMapping m = mapper.map("/a/b.jsp").orElseThrow();
        assertEquals(exact, m.servlet());
        assertEquals(MappingMatch.EXACT, m.getMappingMatch());
        assertEquals("/a/b.jsp", m.servletPath());
        assertNull(m.pathInfo());
        assertEquals("a/b.jsp", m.getMatchValue());

        m = mapper.map("/a/b/c/d").orElseThrow();
        assertEquals(longPrefix, m.servlet());
        assertEquals("/a/b", m.servletPath());
        assertEquals("/c/d", m.pathInfo());
        assertEquals("c/d", m.getMatchValue());
        assertEquals("/a/b/*", m.getPattern());

        m = mapper.map("/a").orElseThrow();
        assertEquals(shortPrefix, m.servlet());
        assertEquals("/a", m.servletPath());
        assertNull(m.pathInfo());

        m = mapper.map("/x/y.jsp").orElseThrow();
        assertEquals(extension, m.servlet());
        assertEquals(MappingMatch.EXTENSION, m.getMappingMatch());
        assertEquals("x/y", m.getMatchValue());
        assertEquals("/x/y.jsp", m.servletPath());

        m = mapper.map("/other").orElseThrow();
        assertEquals(fallback, m.servlet());
        assertEquals(MappingMatch.DEFAULT, m.getMappingMatch());
        assertEquals("/other", m.servletPath());
        assertNull(m.pathInfo());

        m = mapper.map("/").orElseThrow();
        assertEquals(root, m.servlet());
        assertEquals(MappingMatch.CONTEXT_ROOT, m.getMappingMatch());
        assertEquals("", m.servletPath());
        assertEquals("/", m.pathInfo());
    }

    @Test
    void slashStarTakesEverythingWithAnEmptyServletPath() {
        ServletHolder all = servlet("all", "/*");
        ServletMapping m = mapper.map("/p/q").orElseThrow();
        assertEquals(all, m.servlet());
        assertEquals("", m.servletPath());
        assertEquals("/p/q", m.pathInfo());
        assertEquals(MappingMatch.PATH, m.getMappingMatch());
    }

    @Test
    void noMappingMeansNotFoundAndConflictsAreReported() {
        servlet("one", "/one");
        assertTrue(mapper.map("/two").isEmpty());
        var other = context.addServlet("other", new HttpServlet() { });
        assertEquals(java.util.Set.of("/one"), other.addMapping("/one", "/three"));
        assertTrue(mapper.map("/three").isEmpty(), "a conflicting addMapping adds none of its patterns");
        assertFalse(other.getMappings().contains("/three"));
    }

    @Test
    void invalidPatternsAreRefused() {
        var registration = context.addServlet("bad", new HttpServlet() { });
        assertThrows(IllegalArgumentException.class, () -> registration.addMapping("a/*"));
        assertThrows(IllegalArgumentException.class, () -> registration.addMapping("/a/*/b"));
    }
}
