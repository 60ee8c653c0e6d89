package io.junicorn.e2e.apps;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The application behind ServletContainerTest, a ServletContainerInitializer named as APP: one servlet on
 * each kind of mapping that answers where it was mapped, a redirect, an exception and a sendError that reach
 * the error page /oops, a session counter, an async request completed from another thread, a filter, and
 * /client, which shows the client and scheme a trusted proxy reported.
 */
public final class ServletShowcase implements ServletContainerInitializer {

    /** Answers "servletPath|pathInfo|match" for every mapping form. */
    public static final class Where extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().print(request.getServletPath() + "|" + request.getPathInfo() + "|"
                    + request.getHttpServletMapping().getMappingMatch());
        }
    }

    /** /redirect, /boom, /gone and /session. */
    public static final class Actions extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            switch (request.getServletPath()) {
                case "/redirect" -> response.sendRedirect("/exact");
                case "/boom" -> throw new IllegalStateException("boom on purpose");
                case "/gone" -> response.sendError(410, "gone for good");
                case "/client" -> response.getWriter().print(request.getRemoteAddr() + " " + request.getScheme() + " "
                        + request.isSecure() + " " + request.getRequestURL());
                case "/session" -> {
                    HttpSession session = request.getSession();
                    Integer count = (Integer) session.getAttribute("count");
                    count = count == null ? 1 : count + 1;
                    session.setAttribute("count", count);
                    response.getWriter().print(count + " " + ProcessHandle.current().pid());
                }
                default -> response.sendError(404);
            }
        }
    }

    /** The error page: JSON with what the error dispatch carries. */
    public static final class Oops extends HttpServlet {
        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().print("{\"status\":" + request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)
                    + ",\"uri\":\"" + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + "\",\"exception\":\""
                    + (exception == null ? "" : ((Class<?>) exception).getName()) + "\",\"dispatch\":\""
                    + request.getDispatcherType() + "\"}");
        }
    }

    /** A servlet APP that cannot start: its init fails, so the worker exits 4 and the master halts. */
    public static final class Broken extends HttpServlet {
        @Override
        public void init() throws ServletException {
            throw new ServletException("no database configured");
        }
    }

    /** Completes the response from another thread after the servlet returned. */
    public static final class Later extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            AsyncContext async = request.startAsync();
            async.start(() -> {
                try {
                    async.getResponse().getWriter().print("completed later on " + Thread.currentThread().getName());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                async.complete();
            });
        }
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        context.setInitParameter("io.junicorn.servlet.error-pages", "/oops");
        context.addServlet("where", Where.class).addMapping("/exact", "/prefix/*", "*.do", "/");
        context.addServlet("actions", Actions.class).addMapping("/redirect", "/boom", "/gone", "/session", "/client");
        context.addServlet("oops", Oops.class).addMapping("/oops");
        var later = context.addServlet("later", Later.class);
        later.addMapping("/later");
        later.setAsyncSupported(true);
        var filter = context.addFilter("stamp", (request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("X-Filtered", request.getDispatcherType().toString());
            chain.doFilter(request, response);
        });
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
