package io.junicorn.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestAttributeEvent;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The application's listeners by kind. "Initialised" and "created" events go in registration order,
 * "destroyed" events in reverse order (Servlet 6.1 section 11.3.3).
 */
final class Listeners {
    /** The listener interfaces addListener accepts (ServletContext.addListener's list). */
    static final List<Class<? extends EventListener>> KINDS = List.of(ServletContextListener.class,
            ServletContextAttributeListener.class, ServletRequestListener.class,
            ServletRequestAttributeListener.class, HttpSessionListener.class, HttpSessionAttributeListener.class,
            HttpSessionIdListener.class);

    private final List<EventListener> all = new CopyOnWriteArrayList<>();

    static boolean isListener(Class<?> type) {
        return KINDS.stream().anyMatch(kind -> kind.isAssignableFrom(type));
    }

    void add(EventListener listener) {
        if (!isListener(listener.getClass())) {
            throw new IllegalArgumentException(listener.getClass().getName() + " implements none of " + KINDS);
        }
        all.add(listener);
    }

    private <T> List<T> of(Class<T> kind) {
        List<T> found = new ArrayList<>();
        for (EventListener listener : all) {
            if (kind.isInstance(listener)) {
                found.add(kind.cast(listener));
            }
        }
        return found;
    }

    private <T> List<T> reversed(Class<T> kind) {
        return of(kind).reversed();
    }

    /** Context listeners registered so far; calls those added by another listener's contextInitialized too. */
    void contextInitialized(ServletContext context) {
        ServletContextEvent event = new ServletContextEvent(context);
        List<ServletContextListener> done = new ArrayList<>();
        List<ServletContextListener> pending;
        while (!(pending = of(ServletContextListener.class).stream().filter(l -> !done.contains(l)).toList()).isEmpty()) {
            for (ServletContextListener listener : pending) {
                done.add(listener);
                listener.contextInitialized(event);
            }
        }
    }

    void contextDestroyed(ServletContext context) {
        ServletContextEvent event = new ServletContextEvent(context);
        reversed(ServletContextListener.class).forEach(listener -> listener.contextDestroyed(event));
    }

    void contextAttribute(ServletContext context, String name, Object value, Object old) {
        List<ServletContextAttributeListener> listeners = of(ServletContextAttributeListener.class);
        if (listeners.isEmpty()) {
            return;
        }
        for (ServletContextAttributeListener listener : listeners) {
            if (old == null) {
                listener.attributeAdded(new ServletContextAttributeEvent(context, name, value));
            } else if (value == null) {
                listener.attributeRemoved(new ServletContextAttributeEvent(context, name, old));
            } else {
                listener.attributeReplaced(new ServletContextAttributeEvent(context, name, old));
            }
        }
    }

    void requestInitialized(ServletContext context, ServletRequest request) {
        ServletRequestEvent event = new ServletRequestEvent(context, request);
        of(ServletRequestListener.class).forEach(listener -> listener.requestInitialized(event));
    }

    void requestDestroyed(ServletContext context, ServletRequest request) {
        ServletRequestEvent event = new ServletRequestEvent(context, request);
        reversed(ServletRequestListener.class).forEach(listener -> listener.requestDestroyed(event));
    }

    void requestAttribute(ServletContext context, ServletRequest request, String name, Object value, Object old) {
        for (ServletRequestAttributeListener listener : of(ServletRequestAttributeListener.class)) {
            if (old == null) {
                listener.attributeAdded(new ServletRequestAttributeEvent(context, request, name, value));
            } else if (value == null) {
                listener.attributeRemoved(new ServletRequestAttributeEvent(context, request, name, old));
            } else {
                listener.attributeReplaced(new ServletRequestAttributeEvent(context, request, name, old));
            }
        }
    }

    void sessionCreated(HttpSessionEvent event) {
        of(HttpSessionListener.class).forEach(listener -> listener.sessionCreated(event));
    }

    void sessionDestroyed(HttpSessionEvent event) {
        reversed(HttpSessionListener.class).forEach(listener -> listener.sessionDestroyed(event));
    }

    void sessionIdChanged(HttpSessionEvent event, String oldId) {
        of(HttpSessionIdListener.class).forEach(listener -> listener.sessionIdChanged(event, oldId));
    }

    void sessionAttribute(HttpSessionBindingEvent event, Object old, boolean removed) {
        for (HttpSessionAttributeListener listener : of(HttpSessionAttributeListener.class)) {
            if (removed) {
                listener.attributeRemoved(event);
            } else if (old == null) {
                listener.attributeAdded(event);
            } else {
                listener.attributeReplaced(event);
            }
        }
    }
}
