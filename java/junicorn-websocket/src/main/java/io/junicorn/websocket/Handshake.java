package io.junicorn.websocket;

import io.junicorn.http.websocket.PerMessageDeflate;
import io.junicorn.http.websocket.WebSocketHandshake;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server's side of the opening handshake (RFC 6455 §4.2, JSR 356 §4.1 and the Configurator's steps in the
 * order Tomcat takes them): the request is checked (400, or 426 for another version), then the configurator's
 * checkOrigin (403), subprotocol, extensions (permessage-deflate is the one junicorn implements), modifyHandshake
 * and getEndpointInstance; then the 101 and the Servlet upgrade, whose handler opens the session once the 101 is
 * sent.
 */
final class Handshake {
    private Handshake() {
    }

    static void upgrade(JunicornServerContainer container, HttpServletRequest request, HttpServletResponse response,
                        ServerEndpointConfig config, Map<String, String> pathParameters)
            throws IOException, ServletException, DeploymentException {
        WebSocketHandshake.Refusal refusal = WebSocketHandshake.check(request.getMethod(), request.getProtocol(),
                values(request, "Upgrade"), values(request, "Connection"), values(request, "Sec-WebSocket-Key"),
                values(request, "Sec-WebSocket-Version"));
        if (refusal != null) {
            if (refusal.status() == 426) {
                response.setHeader("Sec-WebSocket-Version", WebSocketHandshake.VERSION);
            }
            refuse(response, refusal.status(), refusal.reason());
            return;
        }
        ServerEndpointConfig.Configurator configurator = config.getConfigurator();
        if (!configurator.checkOrigin(request.getHeader("Origin"))) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "the WebSocket endpoint refuses the origin "
                    + request.getHeader("Origin"));
            return;
        }
        String subprotocol = subprotocol(configurator, config, request);
        List<WebSocketHandshake.ExtensionOffer> deflateOffers = extensions(configurator, config, request);
        PerMessageDeflate.Agreement deflate = deflateOffers.isEmpty() ? null : PerMessageDeflate.negotiate(deflateOffers);

        URI requestUri = requestUri(request);
        ServletHandshakeRequest handshakeRequest = new ServletHandshakeRequest(request, requestUri);
        Map<String, List<String>> extraHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        HandshakeResponse handshakeResponse = () -> extraHeaders;
        configurator.modifyHandshake(config, handshakeRequest, handshakeResponse);

        Endpoint endpoint;
        try {
            endpoint = endpoint(container, config, configurator);
        } catch (InstantiationException e) {
            WsSession.log.error("WebSocket handshake for {} failed: {}", request.getRequestURI(), e.getMessage());
            refuse(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "the WebSocket endpoint cannot be created");
            return;
        }

        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", WebSocketHandshake.accept(request.getHeader("Sec-WebSocket-Key")));
        if (!subprotocol.isEmpty()) {
            response.setHeader("Sec-WebSocket-Protocol", subprotocol);
        }
        List<Extension> extensions = List.of();
        if (deflate != null) {
            response.setHeader("Sec-WebSocket-Extensions", deflate.responseHeaderValue());
            extensions = List.of(InstalledExtension.parse(deflate.responseHeaderValue()));
        }
        for (Map.Entry<String, List<String>> header : extraHeaders.entrySet()) {
            for (String value : header.getValue()) {
                response.addHeader(header.getKey(), value);
            }
        }
        // throws io.junicorn.servlet.UpgradeRefused where the worker cannot take the connection over: the container
        // answers it with 501 and says which worker classes can
        WebSocketUpgradeHandler handler = request.upgrade(WebSocketUpgradeHandler.class);
        handler.prepare(new SessionSetup(container, config, endpoint, Map.copyOf(pathParameters), requestUri,
                request.getQueryString(), handshakeRequest.getParameterMap(), request.getUserPrincipal(), subprotocol,
                extensions, deflate, container.group(config), container.applicationLoader()));
    }

    private static String subprotocol(ServerEndpointConfig.Configurator configurator, ServerEndpointConfig config,
                                      HttpServletRequest request) {
        List<String> requested = WebSocketHandshake.tokens(values(request, "Sec-WebSocket-Protocol"));
        if (requested.isEmpty()) {
            return "";
        }
        String chosen = configurator.getNegotiatedSubprotocol(config.getSubprotocols(), requested);
        return chosen == null ? "" : chosen;
    }

    /**
     * The negotiated permessage-deflate offers (Tomcat's rule for "installed": the config's extensions, then the
     * container's). Other extensions a configurator may agree to cannot be applied to frames and are not answered.
     */
    private static List<WebSocketHandshake.ExtensionOffer> extensions(ServerEndpointConfig.Configurator configurator,
                                                                      ServerEndpointConfig config,
                                                                      HttpServletRequest request) {
        List<WebSocketHandshake.ExtensionOffer> offers = WebSocketHandshake.extensions(
                values(request, "Sec-WebSocket-Extensions"));
        if (offers.isEmpty()) {
            return List.of();
        }
        List<Extension> requested = new ArrayList<>();
        for (WebSocketHandshake.ExtensionOffer offer : offers) {
            requested.add(InstalledExtension.of(offer));
        }
        List<Extension> installed = new ArrayList<>(config.getExtensions());
        installed.add(new InstalledExtension(InstalledExtension.PERMESSAGE_DEFLATE, List.of()));
        List<WebSocketHandshake.ExtensionOffer> deflate = new ArrayList<>();
        List<Extension> negotiated = configurator.getNegotiatedExtensions(installed, requested);
        for (Extension extension : negotiated == null ? List.<Extension>of() : negotiated) {
            if (extension.getName().equals(InstalledExtension.PERMESSAGE_DEFLATE)) {
                deflate.add(InstalledExtension.offerOf(extension));
            }
        }
        return deflate;
    }

    private static Endpoint endpoint(JunicornServerContainer container, ServerEndpointConfig config,
                                     ServerEndpointConfig.Configurator configurator)
            throws InstantiationException, DeploymentException {
        Class<?> endpointClass = config.getEndpointClass();
        Object instance = configurator.getEndpointInstance(endpointClass);
        if (instance == null) {
            throw new InstantiationException(configurator.getClass().getName() + ".getEndpointInstance returned null"
                    + " for " + endpointClass.getName());
        }
        if (instance instanceof Endpoint endpoint) {
            return endpoint;
        }
        return new AnnotatedEndpoint(container.model(endpointClass, config, PathTemplate.parse(config.getPath())),
                instance);
    }

    /** ws: or wss: with the request's host, path and query string, as the session's getRequestURI. */
    static URI requestUri(HttpServletRequest request) {
        String url = request.getRequestURL().toString();
        String query = request.getQueryString();
        String uri = (url.startsWith("https:") ? "wss:" + url.substring("https:".length())
                : url.startsWith("http:") ? "ws:" + url.substring("http:".length()) : url)
                + (query == null ? "" : "?" + query);
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            return URI.create(request.getRequestURI().replace(" ", "%20"));
        }
    }

    static List<String> values(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name));
    }

    static void refuse(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
