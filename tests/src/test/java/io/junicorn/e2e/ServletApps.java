package io.junicorn.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Helpers for the Servlet tests: an example's jars as one class path, and an HTTP client for a server. */
final class ServletApps {
    private ServletApps() {
    }

    /** Every jar of dist/examples/NAME (the example jar and its libraries), as {@code dir/*}. */
    static String exampleClassPath(String name) {
        return Junicorn.DIST.resolve("examples").resolve(name) + "/*"; // as the README's commands write it
    }

    /** A client that follows no redirects and keeps no cookies: tests look at both themselves. */
    static final class Client implements AutoCloseable {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final int port;

        Client(int port) {
            this.port = port;
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        }

        HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder builder = request(path).GET();
            for (int i = 0; i < headers.length; i += 2) {
                builder.header(headers[i], headers[i + 1]);
            }
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> head(String path) throws IOException, InterruptedException {
            return client.send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
            return client.send(request(path).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** The first Set-Cookie's "name=value". */
    static String cookie(HttpResponse<?> response) {
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
    }

    static List<String> args(String classPath, String app) {
        return List.of("-w", "2", "-b", "127.0.0.1:0", "--class-path", classPath, app);
    }
}
