package io.junicorn.worker.app;

import com.sun.net.httpserver.HttpHandler;

import java.util.Optional;

/** A com.sun.net.httpserver.HttpHandler: an instance, or a class constructed with its public no-arg constructor. */
final class HandlerKind implements AppKind {
    @Override
    public String takes() {
        return "a com.sun.net.httpserver.HttpHandler";
    }

    @Override
    public Optional<HttpHandler> host(Object app) throws Exception {
        if (app instanceof HttpHandler handler) {
            return Optional.of(handler);
        }
        if (app instanceof Class<?> type && HttpHandler.class.isAssignableFrom(type)) {
            return Optional.of((HttpHandler) Construct.noArg(type));
        }
        return Optional.empty();
    }
}
