package io.junicorn.worker;

import com.sun.net.httpserver.HttpHandler;

import io.junicorn.worker.app.AppKind;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Turns the APP argument into a handler. This first version takes a public
 * com.sun.net.httpserver.HttpHandler class with a public no-arg constructor; each failure says what was
 * looked for and what was found, in one line, because it ends up as the master's halt reason.
 */
final class AppLoader {
    static final class AppLoadException extends Exception {
        AppLoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private AppLoader() {
    }

    static HttpHandler load(String spec) throws AppLoadException {
        Class<?> type;
        try {
            type = Class.forName(spec, true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AppLoadException("no class " + spec + " on the class path "
                    + System.getProperty("java.class.path"), null);
        } catch (LinkageError e) {
            throw new AppLoadException("class " + spec + " cannot be loaded: " + e, e);
        }
        if (!HttpHandler.class.isAssignableFrom(type)) {
            List<String> looked = new ArrayList<>(List.of("a com.sun.net.httpserver.HttpHandler"));
            for (AppKind kind : ServiceLoader.load(AppKind.class, ClassLoader.getSystemClassLoader())) {
                try {
                    Optional<HttpHandler> handler = kind.host(type);
                    if (handler.isPresent()) {
                        return handler.get();
                    }
                } catch (Exception | LinkageError e) {
                    throw new AppLoadException(spec + " (" + kind.takes() + ") failed to start: " + e.getMessage(), e);
                }
                looked.add(kind.takes());
            }
            throw new AppLoadException(spec + " is none of: " + String.join("; ", looked), null);
        }
        try {
            return (HttpHandler) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new AppLoadException(spec + " has no public no-arg constructor", e);
        } catch (InvocationTargetException e) {
            throw new AppLoadException(spec + "() threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AppLoadException(spec + " cannot be instantiated: " + e, e);
        }
    }
}
