package io.junicorn.websocket;

import jakarta.websocket.DeploymentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code @ServerEndpoint} path: "/" and segments, each a literal or one whole {@code {variable}} (JSR 356 §3.1.1,
 * a level-1 URI template). Matching is segment by segment; a variable matches one non-empty segment.
 */
final class PathTemplate implements Comparable<PathTemplate> {
    private final String path;
    private final List<String> segments;
    /** For each segment, its variable's name, or null for a literal. */
    private final List<String> variables;

    private PathTemplate(String path, List<String> segments, List<String> variables) {
        this.path = path;
        this.segments = segments;
        this.variables = variables;
    }

    static PathTemplate parse(String path) throws DeploymentException {
        if (path == null || !path.startsWith("/")) {
            throw new DeploymentException("the endpoint path " + quoted(path) + " does not begin with /");
        }
        List<String> segments = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (!path.equals("/")) {
            for (String segment : path.substring(1).split("/", -1)) {
                if (segment.isEmpty()) {
                    throw new DeploymentException("the endpoint path " + quoted(path) + " has an empty segment");
                }
                String variable = null;
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    variable = segment.substring(1, segment.length() - 1);
                    if (variable.isEmpty() || variable.contains("{") || variable.contains("}")) {
                        throw new DeploymentException("the endpoint path " + quoted(path) + " has a bad variable "
                                + segment);
                    }
                    if (!names.add(variable)) {
                        throw new DeploymentException("the endpoint path " + quoted(path) + " names the variable "
                                + variable + " twice");
                    }
                } else if (segment.contains("{") || segment.contains("}")) {
                    throw new DeploymentException("the endpoint path " + quoted(path) + " has a segment that is"
                            + " neither a literal nor one whole {variable}: " + segment);
                }
                segments.add(segment);
                variables.add(variable);
            }
        }
        return new PathTemplate(path, List.copyOf(segments), Collections.unmodifiableList(variables));
    }

    String path() {
        return path;
    }

    Set<String> variables() {
        Set<String> names = new HashSet<>();
        for (String variable : variables) {
            if (variable != null) {
                names.add(variable);
            }
        }
        return names;
    }

    boolean hasVariables() {
        return variables.stream().anyMatch(variable -> variable != null);
    }

    /** The variables' values when {@code requestPath} matches, else null. */
    Map<String, String> match(String requestPath) {
        List<String> parts = requestPath.equals("/") ? List.of() : List.of(requestPath.substring(1).split("/", -1));
        if (parts.size() != segments.size()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (variables.get(i) == null) {
                if (!part.equals(segments.get(i))) {
                    return null;
                }
            } else if (part.isEmpty()) {
                return null;
            } else {
                values.put(variables.get(i), part);
            }
        }
        return values;
    }

    /**
     * Whether both would match the same paths: same segment count with literals and variables in the same places and
     * equal literals (variable names aside). Two such templates cannot both be deployed.
     */
    boolean sameShape(PathTemplate other) {
        if (segments.size() != other.segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            boolean literal = variables.get(i) == null;
            if (literal != (other.variables.get(i) == null) || literal && !segments.get(i).equals(other.segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Precedence among templates that match one path (JSR 356 §3.1.1): compared segment by segment from the left, a
     * literal segment wins over a variable one; the first difference decides.
     */
    @Override
    public int compareTo(PathTemplate other) {
        int common = Math.min(segments.size(), other.segments.size());
        for (int i = 0; i < common; i++) {
            boolean literal = variables.get(i) == null;
            boolean otherLiteral = other.variables.get(i) == null;
            if (literal != otherLiteral) {
                return literal ? -1 : 1;
            }
        }
        return Integer.compare(segments.size(), other.segments.size());
    }

    @Override
    public String toString() {
        return path;
    }

    private static String quoted(String path) {
        return path == null ? "null" : "\"" + path + "\"";
    }
}
