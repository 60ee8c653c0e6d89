package io.junicorn.websocket;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.server.HandshakeRequest;

import java.net.URI;
import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The handshake's request for Configurator.modifyHandshake, read from the Servlet request once. */
final class ServletHandshakeRequest implements HandshakeRequest {
    private final HttpServletRequest request;
    private final URI requestUri;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> parameters;

    ServletHandshakeRequest(HttpServletRequest request, URI requestUri) {
        this.request = request;
        this.requestUri = requestUri;
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, List.copyOf(Collections.list(request.getHeaders(name))));
        }
        this.headers = Collections.unmodifiableMap(headers);
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            parameters.put(parameter.getKey(), List.of(parameter.getValue()));
        }
        this.parameters = Collections.unmodifiableMap(parameters);
    }

    @Override
    public Map<String, List<String>> getHeaders() {
        return headers;
    }

    @Override
    public Principal getUserPrincipal() {
        return request.getUserPrincipal();
    }

    @Override
    public URI getRequestURI() {
        return requestUri;
    }

    @Override
    public boolean isUserInRole(String role) {
        return request.isUserInRole(role);
    }

    @Override
    public Object getHttpSession() {
        return request.getSession(false);
    }

    @Override
    public Map<String, List<String>> getParameterMap() {
        return parameters;
    }

    @Override
    public String getQueryString() {
        return request.getQueryString();
    }
}
