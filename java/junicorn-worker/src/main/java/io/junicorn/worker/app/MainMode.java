package io.junicorn.worker.app;

import com.sun.net.httpserver.HttpHandler;
import io.junicorn.worker.jdkhttp.WorkerServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A class with {@code public static void main(String[])}, asked last: its main runs in the worker, with no
 * arguments, on a thread of its own (it may block, as a server's main usually does), and the HttpServer it
 * creates and starts through junicorn's provider is served on the worker's listeners. The worker is ready once
 * the first server started; main throwing or returning first, or not starting one within the wait, fails.
 */
final class MainMode implements AppKind {
    private static final Logger log = LoggerFactory.getLogger(MainMode.class);

    private final long bootTimeoutMillis;

    /**
     * @param bootTimeoutMillis --boot-timeout: main must have started a server this long after the worker's spawn
     *                          (a Spring Boot application takes seconds); 0 or less: no limit
     */
    MainMode(long bootTimeoutMillis) {
        this.bootTimeoutMillis = bootTimeoutMillis;
    }

    @Override
    public String takes() {
        return "a class with public static void main(String[]) (main mode)";
    }

    @Override
    public Optional<HttpHandler> host(Object app) throws AppLoadException {
        if (!(app instanceof Class<?> type)) {
            return Optional.empty();
        }
        Method main;
        try {
            main = type.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
        if (!Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
            return Optional.empty();
        }
        main.setAccessible(true); // as the java launcher, which runs the main of a class that is not public
        CompletableFuture<Void> ended = new CompletableFuture<>();
        String name = type.getName() + ".main";
        Thread thread = new Thread(() -> run(main, name, ended), "app-main");
        thread.start();
        CompletableFuture<Void> started = WorkerServers.get().firstStart();
        try {
            CompletableFuture<Object> first = CompletableFuture.anyOf(started, ended);
            if (bootTimeoutMillis > 0) {
                first.get(waitMillis(), TimeUnit.MILLISECONDS);
            } else {
                first.get();
            }
        } catch (ExecutionException e) {
            if (!started.isDone()) {
                throw new AppLoadException(name + " threw " + e.getCause() + " before starting an HttpServer",
                        e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppLoadException("interrupted while waiting for " + name + " to start an HttpServer", e);
        } catch (TimeoutException e) {
            throw new AppLoadException(name + " did not start an HttpServer within --boot-timeout ("
                    + bootTimeoutMillis / 1000.0 + " s after the worker's spawn)", null);
        }
        if (!started.isDone()) {
            throw new AppLoadException(name + " returned without starting an HttpServer (HttpServer.create(...)"
                    + ".start(), or a framework doing it)", null);
        }
        log.info("Main mode: {} started its HttpServer", name);
        return Optional.of(WorkerServers.get().dispatcher());
    }

    /**
     * What is left of the boot timeout, counted from the process's start (its spawn) as the master counts it, less a
     * margin so that this worker's own message, not the master's kill, says what went wrong.
     */
    private long waitMillis() {
        long sinceSpawn = ProcessHandle.current().info().startInstant()
                .map(start -> java.time.Duration.between(start, java.time.Instant.now()).toMillis()).orElse(0L);
        return Math.max(100, bootTimeoutMillis - sinceSpawn - 500);
    }

    private static void run(Method main, String name, CompletableFuture<Void> ended) {
        try {
            main.invoke(null, (Object) new String[0]);
            ended.complete(null);
        } catch (InvocationTargetException e) {
            if (WorkerServers.get().firstStart().isDone()) {
                log.error("{} threw after starting its HttpServer: {}", name, e.getCause().toString(), e.getCause());
            }
            ended.completeExceptionally(e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            ended.completeExceptionally(e);
        }
    }
}
