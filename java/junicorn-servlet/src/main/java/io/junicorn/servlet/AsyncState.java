package io.junicorn.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A request in asynchronous mode (Servlet 6.1 section 2.3.3.3). junicorn's engine gives each request a thread
 * (a virtual one with -k virtual) and ends the exchange when the handler returns, so the request's thread does
 * not return after an async servlet does: it waits here for complete(), dispatch(), an error or the timeout,
 * and runs async dispatches itself. The application's own threads (or {@link #start}) produce the response
 * meanwhile, exactly as in Tomcat; only the waiting thread is not given back to a pool.
 */
final class AsyncState implements AsyncContext {
    private static final long DEFAULT_TIMEOUT_MILLIS = 30_000;

    private sealed interface Event permits Complete, Dispatch, Failure {
    }

    private record Complete() implements Event {
    }

    private record Dispatch(String path) implements Event {
    }

    private record Failure(Throwable error) implements Event {
    }

    private record Registered(AsyncListener listener, ServletRequest request, ServletResponse response) {
    }

    private final ContainerRequest base;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Registered> listeners = new ArrayList<>();
    private volatile long timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
    private volatile boolean started;
    private volatile boolean ended;
    private volatile boolean eventPending;
    private ServletRequest request;
    private ServletResponse response;
    private boolean original;

    AsyncState(ContainerRequest base) {
        this.base = base;
    }

    boolean isStarted() {
        return started;
    }

    synchronized void start(ServletRequest request, ServletResponse response, boolean original) {
        if (started) {
            throw new IllegalStateException("startAsync called twice in one dispatch");
        }
        if (ended) {
            throw new IllegalStateException("startAsync after the async cycle completed");
        }
        this.request = request;
        this.response = response;
        this.original = original;
        this.started = true;
        this.eventPending = false;
        // section 2.3.3.3: listeners registered in the previous cycle hear onStartAsync and must register again
        List<Registered> previous = List.copyOf(listeners);
        listeners.clear();
        for (Registered registered : previous) {
            try {
                registered.listener().onStartAsync(new AsyncEvent(this, registered.request(), registered.response()));
            } catch (IOException e) {
                AppServletContext.log.warn("AsyncListener.onStartAsync failed: {}", e.toString(), e);
            }
        }
    }

    /**
     * Called by the request's thread after the dispatch that started async returned: serves events until the
     * cycle ends, then returns so the response can be finished.
     */
    void awaitCompletion() throws IOException {
        while (true) {
            Event event;
            try {
                long timeout = timeoutMillis;
                event = timeout > 0 ? events.poll(timeout, TimeUnit.MILLISECONDS) : events.take();
            } catch (InterruptedException e) {
                // the engine interrupts a handler whose request timed out: end the cycle
                Thread.currentThread().interrupt();
                event = new Failure(e);
            }
            if (event == null) {
                notifyListeners(Kind.TIMEOUT, null);
                event = events.poll();
                if (event == null) {
                    // section 2.3.3.3: nobody completed or dispatched on timeout: an error dispatch with 500
                    errorDispatch(null, 500);
                    finish();
                    return;
                }
            }
            switch (event) {
                case Complete complete -> {
                    finish();
                    return;
                }
                case Failure failure -> {
                    notifyListeners(Kind.ERROR, failure.error());
                    Event handled = events.poll();
                    if (handled instanceof Dispatch) {
                        events.add(handled);
                        continue;
                    }
                    if (handled == null) {
                        errorDispatch(failure.error(), 500);
                    }
                    finish();
                    return;
                }
                case Dispatch dispatch -> {
                    if (!runDispatch(dispatch.path())) {
                        finish();
                        return;
                    }
                }
            }
        }
    }

    /**
     * The dispatch that started async threw: the listeners hear onError, the error page answers, and the cycle
     * ends (section 2.3.3.3).
     */
    void failed(Throwable failure, String servletName) throws IOException {
        notifyListeners(Kind.ERROR, failure);
        try {
            ErrorDispatch.afterDispatch(base, base, servletName, failure);
        } finally {
            finish();
        }
    }

    /** Runs an ASYNC dispatch on this thread; true when it started async again. */
    private boolean runDispatch(String path) throws IOException {
        synchronized (this) {
            started = false;
        }
        HttpServletRequest current = (HttpServletRequest) request;
        Throwable failure = null;
        String servletName = null;
        int question = path.indexOf('?');
        String rawPath = question < 0 ? path : path.substring(0, question);
        String query = question < 0 ? null : path.substring(question + 1);
        try {
            Optional<ServletMapping> target = base.context().mapper().map(RequestPath.decode(rawPath));
            if (target.isEmpty()) {
                ((HttpServletResponse) response).sendError(HttpServletResponse.SC_NOT_FOUND);
            } else {
                servletName = target.get().getServletName();
                DispatchedRequest dispatched = DispatchedRequest.async(base, current, target.get(), rawPath, query);
                Invocation.run(base.context(), DispatcherType.ASYNC, dispatched, response, target.get().servlet(),
                        target.get());
            }
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError error && !(error instanceof StackOverflowError)) {
                throw error;
            }
            failure = e;
        }
        if (failure == null && started) {
            return true;
        }
        if (failure != null) {
            notifyListeners(Kind.ERROR, failure);
        }
        ErrorDispatch.afterDispatch(base, current, servletName, failure);
        return false;
    }

    private void errorDispatch(Throwable error, int status) throws IOException {
        ContainerResponse container = base.containerResponse();
        if (container.output().isCommitted()) {
            throw new IOException("the async request failed after the response was committed", error);
        }
        if (error == null) {
            container.sendError(status);
            ErrorDispatch.afterDispatch(base, base, null, null);
        } else {
            ErrorDispatch.afterDispatch(base, base, null, error);
        }
    }

    private void finish() {
        synchronized (this) {
            started = false;
            ended = true;
        }
        notifyListeners(Kind.COMPLETE, null);
    }

    private enum Kind { COMPLETE, TIMEOUT, ERROR }

    private void notifyListeners(Kind kind, Throwable error) {
        List<Registered> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(listeners);
        }
        for (Registered registered : snapshot) {
            AsyncEvent event = new AsyncEvent(this, registered.request(), registered.response(), error);
            try {
                switch (kind) {
                    case COMPLETE -> registered.listener().onComplete(event);
                    case TIMEOUT -> registered.listener().onTimeout(event);
                    case ERROR -> registered.listener().onError(event);
                }
            } catch (IOException | RuntimeException e) {
                AppServletContext.log.warn("AsyncListener.on{} failed: {}", kind, e.toString(), e);
            }
        }
    }

    private synchronized void post(Event event, String method) {
        if (ended) {
            throw new IllegalStateException(method + " after the async cycle completed");
        }
        if (eventPending) {
            throw new IllegalStateException(method + ": complete or dispatch was already called in this cycle");
        }
        eventPending = true;
        events.add(event);
    }

    @Override
    public ServletRequest getRequest() {
        return request;
    }

    @Override
    public ServletResponse getResponse() {
        return response;
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
        return original;
    }

    /**
     * Back to the original request's URI, or to the path of the request passed to startAsync. The query stays
     * the request's own, as in Tomcat: passed as a dispatch query it would be added to the parameters a second
     * time (section 9.1.1 merges a dispatch query with the request's).
     */
    @Override
    public void dispatch() {
        HttpServletRequest http = !original && request instanceof HttpServletRequest given ? given : base;
        dispatch(http.getRequestURI().substring(http.getContextPath().length()));
    }

    @Override
    public void dispatch(String path) {
        post(new Dispatch(path), "dispatch");
    }

    @Override
    public void dispatch(ServletContext context, String path) {
        if (context != base.context()) {
            throw new IllegalArgumentException("dispatch to another context: junicorn hosts one application");
        }
        dispatch(path);
    }

    @Override
    public void complete() {
        post(new Complete(), "complete");
    }

    /** The task runs on a new virtual thread; what it throws ends the cycle through the listeners' onError. */
    @Override
    public void start(Runnable run) {
        Thread.ofVirtual().name("junicorn-async").start(() -> {
            try {
                run.run();
            } catch (RuntimeException | Error e) {
                AppServletContext.log.error("AsyncContext.start task failed", e);
                synchronized (this) {
                    if (!ended && !eventPending) {
                        eventPending = true;
                        events.add(new Failure(e));
                    }
                }
            }
        });
    }

    @Override
    public synchronized void addListener(AsyncListener listener) {
        addListener(listener, request, response);
    }

    @Override
    public synchronized void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        if (!started) {
            throw new IllegalStateException("addListener outside the dispatch that called startAsync");
        }
        listeners.add(new Registered(listener, request, response));
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
        return base.context().instantiate(type);
    }

    @Override
    public void setTimeout(long timeout) {
        this.timeoutMillis = timeout;
    }

    @Override
    public long getTimeout() {
        return timeoutMillis;
    }
}
