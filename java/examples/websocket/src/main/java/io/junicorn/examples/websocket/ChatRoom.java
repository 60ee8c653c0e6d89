package io.junicorn.examples.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A chat room per path: {@code /chat/lobby?name=ana}. Every line a member sends goes to each member of the room
 * ("ana: hello"), joins and departures are announced ("ana joined", "ana left"), and the line {@code /leave} makes
 * the server close the session itself (1000, "goodbye"). A line is at most 4 KiB: a longer one closes the sender's
 * session with 1009 (message too big). The container makes an instance per session, so {@link #name} is this
 * member's. A room holds the members connected to this worker: another worker's members are in another process
 * (see the README).
 */
@ServerEndpoint("/chat/{room}")
public class ChatRoom {
    static final long MAX_LINE_BYTES = 4096;

    private String name;

    @OnOpen
    public void join(Session session, @PathParam("room") String room) {
        OpenSessions.opened();
        List<String> names = session.getRequestParameterMap().getOrDefault("name", List.of());
        name = names.isEmpty() ? "guest-" + session.getId() : names.getFirst();
        broadcast(session, room, name + " joined");
    }

    @OnMessage(maxMessageSize = MAX_LINE_BYTES)
    public void say(Session session, @PathParam("room") String room, String line) throws IOException {
        if (line.equals("/leave")) {
            session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "goodbye"));
            return;
        }
        broadcast(session, room, name + ": " + line);
    }

    @OnClose
    public void leave(Session session, @PathParam("room") String room) {
        OpenSessions.closed();
        broadcast(session, room, name + " left");
    }

    /** To every open session of this endpoint in {@code room}, the sender included unless it is closing. */
    private static void broadcast(Session sender, String room, String line) {
        for (Session member : sender.getOpenSessions()) {
            Map<String, String> path = member.getPathParameters();
            if (!room.equals(path.get("room")) || (member == sender && !sender.isOpen())) {
                continue;
            }
            // a basic remote takes one message at a time, and several members may broadcast to this one at once
            synchronized (member) {
                try {
                    member.getBasicRemote().sendText(line);
                } catch (IOException | IllegalStateException e) {
                    // the member is closing (it left, or the worker is retiring): its own @OnClose tells the room
                }
            }
        }
    }
}
