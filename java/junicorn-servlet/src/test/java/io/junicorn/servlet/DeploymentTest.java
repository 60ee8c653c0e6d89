package io.junicorn.servlet;

import com.sun.net.httpserver.HttpHandler;
import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebServlet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app kinds the worker asks, the lifecycle order, and initializers found on the class path. */
class DeploymentTest {
    static final List<String> lifecycle = new CopyOnWriteArrayList<>();

    public static final class Lifecycle extends GenericServlet {
        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            lifecycle.add("init " + config.getServletName());
        }

        @Override
        public void service(ServletRequest request, ServletResponse response) throws IOException {
            response.getWriter().print("served " + ((jakarta.servlet.http.HttpServletRequest) request).getServletPath());
        }

        @Override
        public void destroy() {
            lifecycle.add("destroy");
        }
    }

    @WebServlet("/annotated/*")
    public static final class Annotated extends GenericServlet {
        @Override
        public void service(ServletRequest request, ServletResponse response) throws IOException {
            response.getWriter().print("annotated");
        }
    }

    public static final class Failing extends GenericServlet {
        @Override
        public void init() throws ServletException {
            throw new ServletException("no database");
        }

        @Override
        public void service(ServletRequest request, ServletResponse response) {
        }
    }

    public static final class App implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext context) {
            context.addListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    lifecycle.add("context initialized");
                }

                @Override
                public void contextDestroyed(ServletContextEvent event) {
                    lifecycle.add("context destroyed");
                }
            });
            var registration = context.addServlet("lifecycle", Lifecycle.class);
            registration.addMapping("/life");
            registration.setLoadOnStartup(1);
        }
    }

    @Test
    void aServletClassIsTheDefaultServletInitialisedAtStartup() throws Exception {
        lifecycle.clear();
        Optional<HttpHandler> handler = new ServletKind().host(Lifecycle.class);
        assertTrue(handler.isPresent());
        assertEquals(List.of("init " + Lifecycle.class.getName()), lifecycle);
        try (Harness harness = Harness.of((ServletHandler) handler.get())) {
            assertEquals("served /any/path", harness.get("/any/path").body());
        }
        assertEquals("destroy", lifecycle.getLast());
    }

    @Test
    void webServletPatternsAreUsed() throws Exception {
        try (Harness harness = Harness.of((ServletHandler) new ServletKind().host(Annotated.class).orElseThrow())) {
            assertEquals("annotated", harness.get("/annotated/x").body());
            assertEquals(404, harness.get("/elsewhere").statusCode());
        }
    }

    @Test
    void anInitializerRunsAndContextListenersBracketTheServlets() throws Exception {
        lifecycle.clear();
        ServletHandler handler = (ServletHandler) new InitializerKind().host(App.class).orElseThrow();
        handler.close();
        assertEquals(List.of("context initialized", "init lifecycle", "destroy", "context destroyed"), lifecycle);
    }

    @Test
    void aClassNamedInHandlesTypesIsHandedToItsInitializer() throws Exception {
        Optional<HttpHandler> handler = new HandlesTypesKind().host(TestInitializer.Greeter.class);
        try (Harness harness = Harness.of((ServletHandler) handler.orElseThrow())) {
            assertEquals("hello from the initializer", harness.get("/greet").body());
        }
        assertTrue(new HandlesTypesKind().host(String.class).isEmpty());
        assertTrue(new HandlesTypesKind().host(TestInitializer.Marker.class).isEmpty(),
                "the @HandlesTypes type itself is not one of its classes");
    }

    @Test
    void kindsDeclineWhatIsNotTheirs() throws Exception {
        assertTrue(new ServletKind().host(String.class).isEmpty());
        assertTrue(new InitializerKind().host(Lifecycle.class).isEmpty());
        assertTrue(new JaxRsKind().host(Lifecycle.class).isEmpty(), "no JAX-RS on this class path");
        assertEquals("a jakarta.servlet.Servlet", new ServletKind().takes());
    }

    @Test
    void aServletThatCannotInitialiseFailsTheDeployment() {
        ServletException e = assertThrows(ServletException.class, () -> new ServletKind().host(Failing.class));
        assertTrue(e.getMessage().contains("no database"), e.getMessage());
    }

    @Test
    void registrationsCloseOnceStarted() throws Exception {
        ServletHandler handler = (ServletHandler) new InitializerKind().host(App.class).orElseThrow();
        try {
            assertThrows(IllegalStateException.class, () -> handler.servletContext().addServlet("late", Lifecycle.class));
            assertInstanceOf(ServletContext.class, handler.servletContext());
        } finally {
            handler.close();
        }
    }
}
