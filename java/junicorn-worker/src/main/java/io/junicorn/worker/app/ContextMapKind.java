package io.junicorn.worker.app;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.junicorn.worker.jdkhttp.WorkerServers;

import java.util.Map;
import java.util.Optional;

/** A Map of context path to HttpHandler: one context per key, the longest matching path wins. */
final class ContextMapKind implements AppKind {
    @Override
    public String takes() {
        return "a Map of context path to com.sun.net.httpserver.HttpHandler";
    }

    @Override
    public Optional<HttpHandler> host(Object app) throws Exception {
        if (!(app instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        if (map.isEmpty()) {
            throw new AppLoadException("the Map of context path to HttpHandler is empty", null);
        }
        HttpServer server = WorkerServers.get().create(null);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String path) || !path.startsWith("/")) {
                throw new AppLoadException("the Map's key " + entry.getKey() + " is not a context path "
                        + "(a String starting with /)", null);
            }
            if (!(entry.getValue() instanceof HttpHandler handler)) {
                throw new AppLoadException("the Map's value for " + path + " is "
                        + (entry.getValue() == null ? "null" : "a " + entry.getValue().getClass().getName())
                        + ", not a com.sun.net.httpserver.HttpHandler", null);
            }
            server.createContext(path, handler);
        }
        server.start();
        return Optional.of(WorkerServers.get().dispatcher());
    }
}
