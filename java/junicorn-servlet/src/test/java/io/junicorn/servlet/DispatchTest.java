package io.junicorn.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filters per dispatcher type, forward and include with their attributes, error pages and error attributes. */
class DispatchTest {

    public static final class Front extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            switch (request.getServletPath()) {
                case "/forward" -> {
                    response.getWriter().print("dropped by forward");
                    request.getRequestDispatcher("/target/t?extra=1").forward(request, response);
                }
                case "/include" -> {
                    response.setContentType("text/plain");
                    response.getWriter().print("before|");
                    request.getRequestDispatcher("/target/i?extra=2").include(request, response);
                    response.getWriter().print("|after");
                }
                case "/include-nested" -> request.getRequestDispatcher("/target/nested").include(request, response);
                case "/named" -> getServletContext().getNamedDispatcher("target").forward(request, response);
                case "/fail" -> throw new ServletException("wrapped", new IllegalStateException("the cause"));
                case "/io-fail" -> throw new IOException("disk on fire");
                case "/teapot" -> response.sendError(418, "short and <stout>");
                default -> response.sendError(404);
            }
        }
    }

    public static final class Target extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            if ("/nested".equals(request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO))) {
                // relative to the included servlet's path, not to the caller's
                request.getRequestDispatcher("leaf?extra=3").include(request, response);
                return;
            }
            response.setHeader("X-Target", "set"); // ignored when included
            response.getWriter().print(request.getDispatcherType() + " " + request.getRequestURI() + " "
                    + request.getServletPath() + " " + request.getPathInfo() + " " + request.getQueryString()
                    + " extra=" + request.getParameter("extra") + " q=" + request.getParameter("q")
                    + " fwd=" + request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI)
                    + " inc=" + request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH)
                    + request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO));
        }
    }

    public static final class ErrorPage extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            response.setContentType("application/json");
            response.getWriter().print("{\"type\":\"" + request.getDispatcherType()
                    + "\",\"status\":" + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)
                    + ",\"uri\":\"" + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)
                    + "\",\"servlet\":\"" + request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME)
                    + "\",\"message\":\"" + request.getAttribute(RequestDispatcher.ERROR_MESSAGE)
                    + "\",\"exception\":\"" + (exception == null ? "" : exception.getClass().getSimpleName())
                    + "\",\"filtered\":\"" + request.getAttribute("filtered") + "\"}");
        }
    }

    /** Adds a header and a request attribute naming the dispatches it saw. */
    static Filter tracing(String name) {
        return (request, response, chain) -> {
            ((HttpServletResponse) response).addHeader("X-Filter-" + name, request.getDispatcherType().toString());
            Object before = request.getAttribute("filtered");
            request.setAttribute("filtered", (before == null ? "" : before + ",") + name + ":" + request.getDispatcherType());
            chain.doFilter(request, response);
        };
    }

    private static Harness harness(String errorPages) throws Exception {
        return Harness.deploy(context -> {
            context.addServlet("front", Front.class).addMapping("/forward", "/include", "/include-nested", "/named", "/fail", "/io-fail", "/teapot");
            context.addServlet("target", Target.class).addMapping("/target/*");
            context.addServlet("errors", ErrorPage.class).addMapping("/errors/*");
            context.addFilter("request-only", tracing("R")).addMappingForUrlPatterns(null, false, "/*");
            context.addFilter("forward-and-error", tracing("F")).addMappingForUrlPatterns(
                    EnumSet.of(DispatcherType.FORWARD, DispatcherType.ERROR), true, "/target/*", "/errors/*");
            if (errorPages != null) {
                context.setInitParameter(ErrorPages.INIT_PARAMETER, errorPages);
            }
        });
    }

    @Test
    void forwardShowsTheTargetPathsAndTheOriginalInAttributes() throws Exception {
        try (Harness harness = harness(null)) {
            HttpResponse<String> response = harness.get("/forward?q=orig");
            assertEquals(200, response.statusCode());
            assertEquals("FORWARD /target/t /target /t extra=1 extra=1 q=orig fwd=/forward inc=nullnull", response.body());
            assertEquals("REQUEST", response.headers().firstValue("X-Filter-R").orElseThrow());
            assertEquals("FORWARD", response.headers().firstValue("X-Filter-F").orElseThrow());
        }
    }

    @Test
    void aNamedForwardIsAForwardThatKeepsThePathsAndSkipsUrlPatternFilters() throws Exception {
        try (Harness harness = harness(null)) {
            HttpResponse<String> response = harness.get("/named?q=1");
            // section 9.4.2: no forward.* attributes and the caller's paths; filters by URL pattern need a path
            assertEquals("FORWARD /named /named null q=1 extra=null q=1 fwd=null inc=nullnull", response.body());
            assertEquals("REQUEST", response.headers().firstValue("X-Filter-R").orElseThrow());
            assertTrue(response.headers().firstValue("X-Filter-F").isEmpty());
        }
    }

    @Test
    void includeKeepsTheCallersPathsAndHeaders() throws Exception {
        try (Harness harness = harness(null)) {
            HttpResponse<String> response = harness.get("/include");
            assertEquals("before|INCLUDE /include /include null null extra=2 q=null fwd=null inc=/target/i|after",
                    response.body());
            assertTrue(response.headers().firstValue("X-Target").isEmpty());
        }
    }

    @Test
    void aRelativeDispatchInsideAnIncludeIsRelativeToTheIncludedPath() throws Exception {
        try (Harness harness = harness(null)) {
            HttpResponse<String> response = harness.get("/include-nested");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("INCLUDE /include-nested /include-nested null null extra=3 q=null fwd=null inc=/target/leaf",
                    response.body());
        }
    }

    @Test
    void exceptionsAndSendErrorReachTheErrorPageWithTheirAttributes() throws Exception {
        try (Harness harness = harness("java.lang.IllegalStateException=/errors/state, 418=/errors/tea, /errors/any")) {
            HttpResponse<String> response = harness.get("/fail");
            assertEquals(500, response.statusCode());
            assertEquals("{\"type\":\"ERROR\",\"status\":500,\"uri\":\"/fail\",\"servlet\":\"front\","
                    + "\"message\":\"the cause\",\"exception\":\"IllegalStateException\",\"filtered\":\"R:REQUEST,F:ERROR\"}",
                    response.body());
            assertEquals("application/json;charset=ISO-8859-1", response.headers().firstValue("Content-Type").orElseThrow());

            response = harness.get("/teapot");
            assertEquals(418, response.statusCode());
            assertTrue(response.body().contains("\"status\":418") && response.body().contains("short and <stout>"),
                    response.body());

            response = harness.get("/nowhere");
            assertEquals(404, response.statusCode());
            assertTrue(response.body().contains("\"status\":404,\"uri\":\"/nowhere\""), response.body());
        }
    }

    @Test
    void withoutErrorPagesTheContainerAnswersWithAnEscapedReport() throws Exception {
        try (Harness harness = harness(null)) {
            HttpResponse<String> response = harness.get("/teapot");
            assertEquals(418, response.statusCode());
            assertEquals("text/html;charset=UTF-8", response.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(response.body().contains("<p>short and &lt;stout&gt;</p>"), response.body());
            response = harness.get("/io-fail");
            assertEquals(500, response.statusCode());
            assertTrue(response.body().contains("500 Internal Server Error"), response.body());
            assertTrue(!response.body().contains("disk on fire"), "exception messages stay out of the page");
        }
    }
}
