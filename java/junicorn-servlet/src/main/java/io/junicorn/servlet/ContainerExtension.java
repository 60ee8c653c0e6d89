package io.junicorn.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/**
 * A part of the container that lives beside junicorn-servlet (the Jakarta WebSocket container), found by
 * ServiceLoader through junicorn's own loader (META-INF/services in junicorn's jars; never the application's, which
 * cannot add one). Every deployment calls it: an APP class, a war, the Spring Boot starter's embedded server.
 */
public interface ContainerExtension {
    /**
     * The context is being set up, before the application's ServletContainerInitializers run, so that what the
     * extension puts there (a context attribute, a listener) is there for them. A failure fails the deployment.
     */
    void contextStarting(ServletContext context, ApplicationScan scan) throws ServletException;

    /** The application is being undeployed, before its servlets, filters and context listeners are destroyed. */
    default void contextStopping(ServletContext context) {
    }
}
