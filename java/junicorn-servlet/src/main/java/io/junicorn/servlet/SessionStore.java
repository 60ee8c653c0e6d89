package io.junicorn.servlet;

import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.HttpSessionEvent;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's sessions, in memory. Each worker process has its own store, so a session lives in the worker
 * that created it: behind junicorn's shared listening socket a client's next request may reach another worker
 * (docs/servlet.md says what to do about it). Expired sessions are dropped when looked up and by a sweep at
 * most once a minute on the request path, so no thread of ours runs between requests.
 */
final class SessionStore {
    private static final long SWEEP_INTERVAL_NANOS = 60_000_000_000L;
    private final AppServletContext context;
    private final Map<String, MemorySession> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final SessionCookies cookieConfig;
    private volatile int timeoutMinutes = 30;
    private volatile long nextSweep = System.nanoTime() + SWEEP_INTERVAL_NANOS;

    SessionStore(AppServletContext context) {
        this.context = context;
        this.cookieConfig = new SessionCookies(context);
    }

    SessionCookieConfig cookieConfig() {
        return cookieConfig;
    }

    SessionCookies cookies() {
        return cookieConfig;
    }

    int timeoutMinutes() {
        return timeoutMinutes;
    }

    void timeoutMinutes(int minutes) {
        this.timeoutMinutes = minutes;
    }

    /** The live session with this id, its last access time updated; null when unknown or expired. */
    MemorySession find(String id) {
        sweepWhenDue();
        MemorySession session = id == null ? null : sessions.get(id);
        if (session == null) {
            return null;
        }
        if (session.expired(System.currentTimeMillis())) {
            session.expire();
            return null;
        }
        return session;
    }

    MemorySession create() {
        MemorySession session = new MemorySession(this, context, newId(), timeoutMinutes * 60);
        sessions.put(session.getId(), session);
        context.listeners().sessionCreated(new HttpSessionEvent(session));
        return session;
    }

    String changeId(MemorySession session) {
        String old = session.getId();
        String id = newId();
        sessions.remove(old);
        session.id(id);
        sessions.put(id, session);
        context.listeners().sessionIdChanged(new HttpSessionEvent(session), old);
        return id;
    }

    void removed(MemorySession session) {
        sessions.remove(session.getId());
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The application is stopping: every session ends, so HttpSessionListener and HttpSessionBindingListener
     * hear it while the application can still act (Tomcat does this too when it does not persist sessions).
     */
    void invalidateAll() {
        for (MemorySession session : List.copyOf(sessions.values())) {
            try {
                session.expire();
            } catch (RuntimeException e) {
                AppServletContext.log.warn("session {} failed to end at shutdown: {}", session.getId(), e.toString(),
                        e);
            }
        }
    }

    private void sweepWhenDue() {
        long now = System.nanoTime();
        if (now - nextSweep < 0) {
            return;
        }
        nextSweep = now + SWEEP_INTERVAL_NANOS;
        long millis = System.currentTimeMillis();
        for (MemorySession session : List.copyOf(sessions.values())) {
            if (session.expired(millis)) {
                session.expire();
            }
        }
    }
}
