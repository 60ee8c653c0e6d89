package io.junicorn.servlet;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A deployed application behind the JDK's own com.sun.net.httpserver server on 127.0.0.1 (the container only
 * needs an HttpExchange, which this server provides as junicorn's engine does), and a client for it.
 */
final class Harness implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ServletHandler handler;

    private Harness(ServletHandler handler) throws IOException {
        this.handler = handler;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // the engine sets these attributes: the scheme when a trusted proxy said https, and the raw
        // request-target (the JDK's server only has a URI, which reads "//a/b" as an authority and a path)
        server.createContext("/", handler).getFilters().add(com.sun.net.httpserver.Filter.beforeHandler(
                "X-Test-Scheme and X-Test-Target as the engine's attributes", exchange -> {
                    String scheme = exchange.getRequestHeaders().getFirst("X-Test-Scheme");
                    if (scheme != null) {
                        exchange.setAttribute("io.junicorn.request.scheme", scheme);
                    }
                    String target = exchange.getRequestHeaders().getFirst("X-Test-Target");
                    if (target != null) {
                        exchange.setAttribute("io.junicorn.request.target", target);
                    }
                }));
        server.setExecutor(executor);
        server.start();
    }

    static Harness deploy(Deployment.Registration registration) throws Exception {
        return new Harness(Deployment.deploy(null, null, registration));
    }

    static Harness of(ServletHandler handler) throws IOException {
        return new Harness(handler);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder builder = request(path);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder.GET());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The raw body bytes, for charset checks. */
    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        return send(builder, HttpResponse.BodyHandlers.ofString());
    }

    <T> HttpResponse<T> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return client.send(builder.build(), body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        handler.close();
        client.close();
    }
}
