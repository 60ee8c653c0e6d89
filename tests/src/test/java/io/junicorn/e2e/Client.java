package io.junicorn.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Requests through the JDK's HTTP client, for tests that send bodies, forms, cookies and credentials. */
final class Client {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private Client() {
    }

    static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return send(request(port, path).GET().build());
    }

    static HttpResponse<String> post(int port, String path, String contentType, String body)
            throws IOException, InterruptedException {
        return send(request(port, path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Requests to one server; like every request here, no redirect is followed and no cookie kept. */
    static At at(int port) {
        return new At(port);
    }

    record At(int port) {
        /** A GET with extra header fields given as name, value, name, value... */
        HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder builder = request(port, path).GET();
            for (int i = 0; i < headers.length; i += 2) {
                builder.header(headers[i], headers[i + 1]);
            }
            return send(builder.build());
        }

        HttpResponse<String> head(String path) throws IOException, InterruptedException {
            return send(request(port, path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        }

        HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
            return Client.post(port, path, contentType, body);
        }
    }
}
