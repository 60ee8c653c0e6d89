package io.junicorn.websocket;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The deployed endpoints by path: an exact path wins over templates, then templates by JSR 356 §3.1.1 precedence. */
final class EndpointRegistry {
    /** One deployed endpoint: its config and its template. */
    record Deployed(ServerEndpointConfig config, PathTemplate template) {
    }

    /** A deployed endpoint that matches a request path, with the path's variables. */
    record Match(Deployed endpoint, Map<String, String> pathParameters) {
    }

    private final Map<String, Deployed> exact = new ConcurrentHashMap<>();
    /** Sorted by precedence; written only while deploying, read on every request. */
    private final List<Deployed> templates = new CopyOnWriteArrayList<>();

    synchronized Deployed add(ServerEndpointConfig config) throws DeploymentException {
        PathTemplate template = PathTemplate.parse(config.getPath());
        Deployed deployed = new Deployed(config, template);
        if (!template.hasVariables()) {
            Deployed previous = exact.putIfAbsent(template.path(), deployed);
            if (previous != null) {
                throw duplicate(deployed, previous);
            }
            return deployed;
        }
        for (Deployed other : templates) {
            if (other.template().sameShape(template)) {
                throw duplicate(deployed, other);
            }
        }
        List<Deployed> sorted = new ArrayList<>(templates);
        sorted.add(deployed);
        sorted.sort((a, b) -> a.template().compareTo(b.template()));
        templates.clear();
        templates.addAll(sorted);
        return deployed;
    }

    /** The endpoint for a path inside the context (servlet path plus path info), or null. */
    Match match(String path) {
        Deployed deployed = exact.get(path);
        if (deployed != null) {
            return new Match(deployed, Map.of());
        }
        for (Deployed template : templates) {
            Map<String, String> values = template.template().match(path);
            if (values != null) {
                return new Match(template, values);
            }
        }
        return null;
    }

    boolean isEmpty() {
        return exact.isEmpty() && templates.isEmpty();
    }

    private static DeploymentException duplicate(Deployed added, Deployed present) {
        return new DeploymentException("the endpoint " + added.config().getEndpointClass().getName() + " at "
                + added.template() + " would take the requests of " + present.config().getEndpointClass().getName()
                + " at " + present.template() + ": two endpoints cannot share a path");
    }
}
