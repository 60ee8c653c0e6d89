package io.junicorn.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An HttpSession kept in the worker's memory ({@link SessionStore}). */
final class MemorySession implements HttpSession {
    private final SessionStore store;
    private final AppServletContext context;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final long creationTime = System.currentTimeMillis();
    private volatile String id;
    private volatile long lastAccessedTime = creationTime;
    private volatile long thisAccessTime = creationTime;
    private volatile int maxInactiveSeconds;
    private volatile boolean isNew = true;
    private volatile boolean valid = true;
    private boolean invalidating;

    MemorySession(SessionStore store, AppServletContext context, String id, int maxInactiveSeconds) {
        this.store = store;
        this.context = context;
        this.id = id;
        this.maxInactiveSeconds = maxInactiveSeconds;
    }

    void id(String id) {
        this.id = id;
    }

    /** A request that carried this session's id began: the previous access becomes getLastAccessedTime. */
    void access() {
        lastAccessedTime = thisAccessTime;
        thisAccessTime = System.currentTimeMillis();
        isNew = false;
    }

    boolean expired(long now) {
        return !valid || maxInactiveSeconds > 0 && now - thisAccessTime > maxInactiveSeconds * 1000L;
    }

    boolean isValid() {
        return valid;
    }

    private void checkValid(String method) {
        if (!valid) {
            throw new IllegalStateException(method + ": the session " + id + " has been invalidated");
        }
    }

    @Override
    public long getCreationTime() {
        checkValid("getCreationTime");
        return creationTime;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public long getLastAccessedTime() {
        checkValid("getLastAccessedTime");
        return lastAccessedTime;
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        this.maxInactiveSeconds = interval;
    }

    @Override
    public int getMaxInactiveInterval() {
        return maxInactiveSeconds;
    }

    @Override
    public Object getAttribute(String name) {
        checkValid("getAttribute");
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        checkValid("getAttributeNames");
        return Collections.enumeration(List.copyOf(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object value) {
        checkValid("setAttribute");
        if (value == null) {
            removeAttribute(name);
            return;
        }
        if (value instanceof HttpSessionBindingListener listener) {
            listener.valueBound(new HttpSessionBindingEvent(this, name, value));
        }
        Object old = attributes.put(name, value);
        if (old != null && old != value && old instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(new HttpSessionBindingEvent(this, name, old));
        }
        context.listeners().sessionAttribute(new HttpSessionBindingEvent(this, name, old == null ? value : old),
                old, false);
    }

    @Override
    public void removeAttribute(String name) {
        checkValid("removeAttribute");
        Object old = attributes.remove(name);
        if (old != null) {
            if (old instanceof HttpSessionBindingListener listener) {
                listener.valueUnbound(new HttpSessionBindingEvent(this, name, old));
            }
            context.listeners().sessionAttribute(new HttpSessionBindingEvent(this, name, old), old, true);
        }
    }

    /** Ends a session found expired; quietly, since another request may be ending it at the same moment. */
    void expire() {
        synchronized (this) {
            if (!valid || invalidating) {
                return;
            }
        }
        try {
            invalidate();
        } catch (IllegalStateException e) {
            // another thread invalidated it in between: it is gone either way
        }
    }

    @Override
    public void invalidate() {
        // listeners hear sessionDestroyed while the attributes can still be read (Servlet 6.1 section 7.5)
        synchronized (this) {
            checkValid("invalidate");
            if (invalidating) {
                throw new IllegalStateException("invalidate: the session " + id + " is being invalidated");
            }
            invalidating = true;
        }
        context.listeners().sessionDestroyed(new HttpSessionEvent(this));
        for (String name : List.copyOf(attributes.keySet())) {
            Object old = attributes.remove(name);
            if (old instanceof HttpSessionBindingListener listener) {
                listener.valueUnbound(new HttpSessionBindingEvent(this, name, old));
            }
            if (old != null) {
                context.listeners().sessionAttribute(new HttpSessionBindingEvent(this, name, old), old, true);
            }
        }
        valid = false;
        store.removed(this);
    }

    @Override
    public boolean isNew() {
        checkValid("isNew");
        return isNew;
    }
}
