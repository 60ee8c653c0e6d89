package io.junicorn.boot;

import java.time.Duration;
import java.util.List;

/**
 * What a Boot factory knows beyond {@code AbstractConfigurableWebServerFactory}, whose classes Boot 3 and Boot 4
 * keep in different packages ({@code Session}, {@code ErrorPage}, the context path), in types of neither.
 *
 * @param contextPath       server.servlet.context-path: "" for the root
 * @param sessionTimeout    server.servlet.session.timeout, or null for the container's default (30 minutes)
 * @param sessionPersistent server.servlet.session.persistent
 * @param errorPages        the error pages Boot registered (server.error.path's global page among them)
 * @param initializers      what registers the application's servlets, filters and listeners, in Boot's order
 */
public record BootServerSettings(String contextPath, Duration sessionTimeout, boolean sessionPersistent,
                                 List<ErrorPage> errorPages,
                                 Iterable<org.springframework.boot.web.servlet.ServletContextInitializer> initializers) {

    /**
     * One error page.
     *
     * @param status    its status, or 0
     * @param exception the exception class's name, or null
     * @param path      the page, relative to the context
     */
    public record ErrorPage(int status, String exception, String path) {
        /** In the container's io.junicorn.servlet.error-pages syntax (docs/servlet.md). */
        String entry() {
            if (exception != null) {
                return exception + "=" + path;
            }
            return status > 0 ? status + "=" + path : path;
        }
    }
}
