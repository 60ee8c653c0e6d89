package io.junicorn.e2e;

import java.net.http.HttpResponse;
import java.util.List;

/** Helpers for the Servlet tests: an example's jars as one class path, a server's arguments, a cookie. */
final class ServletApps {
    private ServletApps() {
    }

    /** Every jar of dist/examples/NAME (the example jar and its libraries), as {@code dir/*}. */
    static String exampleClassPath(String name) {
        return Junicorn.DIST.resolve("examples").resolve(name) + "/*"; // as the README's commands write it
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
