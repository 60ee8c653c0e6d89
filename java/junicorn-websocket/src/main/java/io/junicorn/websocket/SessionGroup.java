package io.junicorn.websocket;

import jakarta.websocket.Session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open sessions of one endpoint (what Session.getOpenSessions returns), and of the whole container. */
final class SessionGroup {
    private final Set<WsSession> sessions = ConcurrentHashMap.newKeySet();

    void add(WsSession session) {
        sessions.add(session);
    }

    void remove(WsSession session) {
        sessions.remove(session);
    }

    Set<Session> open() {
        Set<Session> open = new java.util.HashSet<>();
        for (WsSession session : sessions) {
            if (session.isOpen()) {
                open.add(session);
            }
        }
        return java.util.Collections.unmodifiableSet(open);
    }

    Set<WsSession> all() {
        return Set.copyOf(sessions);
    }
}
