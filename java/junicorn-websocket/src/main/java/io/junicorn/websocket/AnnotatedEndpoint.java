package io.junicorn.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;

/**
 * An annotated endpoint's instance as an Endpoint: onOpen registers a message handler per @OnMessage method and
 * applies its maxMessageSize; what an @OnMessage method returns is sent back (JSR 356 §4.7). Without an @OnError
 * method errors are logged.
 */
final class AnnotatedEndpoint extends Endpoint {
    private final AnnotatedEndpointModel model;
    private final Object instance;
    private EndpointConfig config;

    AnnotatedEndpoint(AnnotatedEndpointModel model, Object instance) {
        this.model = model;
        this.instance = instance;
    }

    Object instance() {
        return instance;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.config = config;
        WsSession ws = (WsSession) session;
        for (AnnotatedEndpointModel.MessageCallback callback : model.onMessage) {
            if (callback.maxMessageSize() > 0) {
                int limit = (int) callback.maxMessageSize();
                switch (callback.kind()) {
                    case TEXT -> session.setMaxTextMessageBufferSize(limit);
                    case BINARY -> session.setMaxBinaryMessageBufferSize(limit);
                    case PONG -> { }
                }
            }
            MessageHandler handler = callback.partial()
                    ? (MessageHandler.Partial<Object>) (part, last) -> reply(session,
                            call(callback.callback(), session, part, last))
                    : (MessageHandler.Whole<Object>) message -> reply(session,
                            call(callback.callback(), session, message, true));
            ws.register(new HandlerBinding(callback.kind(), callback.partial(), callback.type(), handler));
        }
        if (model.onOpen != null) {
            call(model.onOpen, new AnnotatedEndpointModel.Call(session, config, null, false, null, null));
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (model.onClose != null) {
            call(model.onClose, new AnnotatedEndpointModel.Call(session, config, null, false, null, reason));
        }
    }

    /** Whether the endpoint declares @OnError; without one the session logs what it would have been told. */
    boolean handlesErrors() {
        return model.onError != null;
    }

    @Override
    public void onError(Session session, Throwable failure) {
        if (model.onError == null) {
            return;
        }
        call(model.onError, new AnnotatedEndpointModel.Call(session, config, null, false, failure, null));
    }

    private Object call(AnnotatedEndpointModel.Callback callback, Session session, Object message, boolean last) {
        return call(callback, new AnnotatedEndpointModel.Call(session, config, message, last, null, null));
    }

    private Object call(AnnotatedEndpointModel.Callback callback, AnnotatedEndpointModel.Call call) {
        try {
            return callback.invoke(instance, call);
        } catch (DecodeException e) {
            // a @PathParam that is not a number, say: the spec's DecodeException, reported to onError
            throw new EndpointFailure(e);
        }
    }

    private static void reply(Session session, Object result) {
        if (result == null) {
            return;
        }
        try {
            session.getBasicRemote().sendObject(result);
        } catch (IOException | EncodeException e) {
            throw new EndpointFailure(e);
        }
    }
}
