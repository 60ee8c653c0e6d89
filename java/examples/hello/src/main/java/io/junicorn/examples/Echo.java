package io.junicorn.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Answers every request with 200 and a JSON description of the request as the engine received it:
 * {@code method}, {@code target} (the raw request-target), {@code version}, {@code scheme} (http or https),
 * on a TLS connection {@code tls} (protocol, cipher suite, ALPN result and the subjects of the client's
 * certificates), {@code headers} as [name, value] pairs and {@code body_b64}. Used to check the engine
 * against gunicorn's request corpus.
 */
public final class Echo implements HttpHandler {

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            StringBuilder json = new StringBuilder(256);
            json.append("{\"method\":");
            quote(json, exchange.getRequestMethod());
            json.append(",\"target\":");
            quote(json, target(exchange));
            json.append(",\"version\":");
            quote(json, exchange.getProtocol());
            json.append(",\"scheme\":");
            quote(json, scheme(exchange));
            tls(json, exchange);
            json.append(",\"headers\":[");
            boolean first = true;
            for (String[] field : fieldLines(exchange)) {
                json.append(first ? "[" : ",[");
                first = false;
                quote(json, field[0]);
                json.append(',');
                quote(json, field[1]);
                json.append(']');
            }
            json.append("],\"body_b64\":");
            quote(json, Base64.getEncoder().encodeToString(body));
            json.append('}');
            byte[] out = json.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(out);
            }
        }
    }

    /**
     * The request-target as received: junicorn's exchange attribute when the server is junicorn (its
     * getRequestURI escapes bytes java.net.URI refuses, such as raw UTF-8), else the URI.
     */
    private static String target(HttpExchange exchange) {
        Object raw = exchange.getAttribute("io.junicorn.request.target");
        return raw instanceof String target ? target : exchange.getRequestURI().toString();
    }

    /** junicorn's exchange attribute (https on a TLS connection or from a trusted proxy), else http. */
    private static String scheme(HttpExchange exchange) {
        Object scheme = exchange.getAttribute("io.junicorn.request.scheme");
        return scheme instanceof String s ? s : "http";
    }

    /** The TLS session as junicorn's io.junicorn.tls.* attributes describe it; nothing on a plain connection. */
    private static void tls(StringBuilder json, HttpExchange exchange) {
        if (!(exchange.getAttribute("io.junicorn.tls.protocol") instanceof String protocol)) {
            return;
        }
        json.append(",\"tls\":{\"protocol\":");
        quote(json, protocol);
        json.append(",\"cipher_suite\":");
        quote(json, String.valueOf(exchange.getAttribute("io.junicorn.tls.cipher_suite")));
        json.append(",\"application_protocol\":");
        quote(json, String.valueOf(exchange.getAttribute("io.junicorn.tls.application_protocol")));
        json.append(",\"peer_certificates\":[");
        if (exchange.getAttribute("io.junicorn.tls.peer_certificates") instanceof List<?> chain) {
            for (int i = 0; i < chain.size(); i++) {
                json.append(i == 0 ? "" : ",");
                quote(json, ((java.security.cert.X509Certificate) chain.get(i)).getSubjectX500Principal().getName());
            }
        }
        json.append("]}");
    }

    /**
     * The field lines as received: junicorn's exchange attribute when the server is junicorn, else what
     * Headers keeps (names case-folded, order lost).
     */
    @SuppressWarnings("unchecked")
    private static List<String[]> fieldLines(HttpExchange exchange) {
        Object raw = exchange.getAttribute("io.junicorn.request.fields");
        if (raw instanceof List<?> list) {
            return (List<String[]>) list;
        }
        List<String[]> fields = new java.util.ArrayList<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                fields.add(new String[] {header.getKey(), value});
            }
        }
        return fields;
    }

    private static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
