package io.junicorn.websocket;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The default servlet of an application that maps none, so that its WebSocket handshakes reach the filter:
 * junicorn's container answers a path no servlet maps with 404 before any filter runs, where Tomcat always has a
 * default servlet behind its filters. An application of WebSocket endpoints alone (no servlet at all) needs one;
 * it answers what is not a handshake with the same 404.
 */
final class NotFoundServlet extends HttpServlet {
    private static final String NAME = "junicorn-websocket-default";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }

    /**
     * Once the application's initializers have registered its servlets, and only when it deployed endpoints and
     * maps nothing to "/" or "/*": an application with a default servlet (Spring's DispatcherServlet, a war's) is
     * left as it is.
     */
    static final class Installer implements ServletContextListener {
        private final JunicornServerContainer container;

        Installer(JunicornServerContainer container) {
            this.container = container;
        }

        @Override
        public void contextInitialized(ServletContextEvent event) {
            ServletContext context = event.getServletContext();
            if (container.isEmpty()) {
                return;
            }
            for (ServletRegistration registration : context.getServletRegistrations().values()) {
                if (registration.getMappings().contains("/") || registration.getMappings().contains("/*")) {
                    return;
                }
            }
            context.addServlet(NAME, new NotFoundServlet()).addMapping("/");
        }
    }
}
