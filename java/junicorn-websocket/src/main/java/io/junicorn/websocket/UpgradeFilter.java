package io.junicorn.websocket;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;

import java.io.IOException;

/**
 * The container's dispatch (Tomcat's WsFilter): a request to a deployed endpoint's path that asks to upgrade to
 * websocket is the handshake; every other request goes down the filter chain untouched. Its first request also
 * ends the deployment phase.
 */
final class UpgradeFilter implements Filter {
    private final JunicornServerContainer container;

    UpgradeFilter(JunicornServerContainer container) {
        this.container = container;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        container.endDeployment();
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
                && asksForWebSocket(http)) {
            EndpointRegistry.Match match = container.match(pathInContext(http));
            if (match != null) {
                try {
                    Handshake.upgrade(container, http, httpResponse, match.endpoint().config(), match.pathParameters());
                } catch (DeploymentException e) {
                    throw new ServletException(e.getMessage(), e);
                }
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean asksForWebSocket(HttpServletRequest request) {
        for (String upgrade : io.junicorn.http.websocket.WebSocketHandshake.tokens(Handshake.values(request, "Upgrade"))) {
            if (upgrade.equalsIgnoreCase("websocket")) {
                return true;
            }
        }
        return false;
    }

    private static String pathInContext(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.isEmpty() ? "/" : path;
    }
}
