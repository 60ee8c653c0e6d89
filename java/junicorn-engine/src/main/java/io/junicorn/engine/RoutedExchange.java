package io.junicorn.engine;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpPrincipal;

/**
 * What the worker's dispatcher tells an exchange once it has chosen the application's context for it
 * (longest prefix among the contexts the application created) and once an Authenticator has accepted it.
 */
public interface RoutedExchange {
    /** The context {@code getHttpContext()} returns from now on. */
    void route(HttpContext context);

    /** The principal {@code getPrincipal()} returns from now on (an Authenticator's Success). */
    void principal(HttpPrincipal principal);
}
