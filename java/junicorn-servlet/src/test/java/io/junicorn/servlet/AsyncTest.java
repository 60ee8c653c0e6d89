package io.junicorn.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** startAsync: completion from another thread, dispatch back into the container, and the timeout path. */
class AsyncTest {
    static final List<String> events = new CopyOnWriteArrayList<>();

    public static final class Slow extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getDispatcherType() == DispatcherType.ASYNC) {
                response.getWriter().print("dispatched " + request.getAttribute("result") + " from "
                        + request.getAttribute(AsyncContext.ASYNC_REQUEST_URI) + " x="
                        + String.join(",", request.getParameterValues("x")) + " query=" + request.getQueryString());
                return;
            }
            AsyncContext async = request.startAsync();
            async.addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    events.add("complete " + request.getPathInfo());
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    events.add("timeout " + request.getPathInfo());
                }

                @Override
                public void onError(AsyncEvent event) {
                    events.add("error " + request.getPathInfo());
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
            switch (request.getPathInfo()) {
                case "/complete" -> async.start(() -> {
                    try {
                        async.getResponse().getWriter().print("written on " + Thread.currentThread().getName());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    async.complete();
                });
                case "/dispatch" -> async.start(() -> {
                    async.getRequest().setAttribute("result", 42);
                    async.dispatch();
                });
                case "/timeout" -> async.setTimeout(200);
                case "/throw" -> throw new IllegalStateException("failed after startAsync");
                default -> async.complete();
            }
        }
    }

    private static Harness harness(boolean asyncSupported) throws Exception {
        return Harness.deploy(context -> {
            var registration = context.addServlet("slow", Slow.class);
            registration.addMapping("/a/*");
            registration.setAsyncSupported(asyncSupported);
        });
    }

    @Test
    void completeFromAnotherThread() throws Exception {
        try (Harness harness = harness(true)) {
            HttpResponse<String> response = harness.get("/a/complete");
            assertEquals(200, response.statusCode());
            assertEquals("written on junicorn-async", response.body());
            assertTrue(events.contains("complete /complete"), events.toString());
        }
    }

    @Test
    void dispatchRunsTheServletAgainAsAnAsyncDispatch() throws Exception {
        try (Harness harness = harness(true)) {
            // dispatch() goes back to the request's URI with its own query: its parameters are not doubled
            HttpResponse<String> response = harness.get("/a/dispatch?x=1");
            assertEquals("dispatched 42 from /a/dispatch x=1 query=x=1", response.body());
        }
    }

    @Test
    void aTimeoutNobodyHandlesBecomesA500() throws Exception {
        try (Harness harness = harness(true)) {
            HttpResponse<String> response = harness.get("/a/timeout");
            assertEquals(500, response.statusCode());
            assertTrue(events.contains("timeout /timeout") && events.contains("complete /timeout"), events.toString());
        }
    }

    @Test
    void anExceptionAfterStartAsyncReachesTheListenersAndTheErrorPage() throws Exception {
        try (Harness harness = harness(true)) {
            assertEquals(500, harness.get("/a/throw").statusCode());
            assertTrue(events.contains("error /throw") && events.contains("complete /throw"), events.toString());
        }
    }

    @Test
    void startAsyncNeedsAsyncSupport() throws Exception {
        try (Harness harness = harness(false)) {
            assertEquals(500, harness.get("/a/complete").statusCode());
        }
    }
}
