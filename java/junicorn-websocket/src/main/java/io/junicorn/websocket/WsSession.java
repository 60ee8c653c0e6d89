package io.junicorn.websocket;

import io.junicorn.engine.UpgradedConnection;
import io.junicorn.http.websocket.CloseCodes;
import io.junicorn.http.websocket.PerMessageDeflate;
import io.junicorn.http.websocket.WebSocketDecoder;
import io.junicorn.http.websocket.WebSocketEncoder;
import io.junicorn.http.websocket.WebSocketException;
import io.junicorn.http.websocket.WebSocketOpcode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WebSocket session. {@link #run} is its life, on the virtual thread the engine gave the upgraded connection:
 * onOpen, then read, decode and deliver each message to the endpoint's handlers on that thread, answer pings,
 * until the close handshake, a violation (closed with the codec's code) or the end of the connection; then
 * onClose, exactly once. Any thread may send (one frame at a time, {@link Outbound}) and close.
 */
final class WsSession implements Session {
    static final Logger log = LoggerFactory.getLogger("io.junicorn.websocket");
    /** How long a close frame we sent waits for the peer's before the connection is dropped (Tomcat waits 30 s). */
    static final long CLOSE_WAIT_MILLIS = 30_000;
    private static final int READ_BUFFER_BYTES = 16 * 1024;
    private static final AtomicLong IDS = new AtomicLong();

    private final String id = Long.toHexString(IDS.incrementAndGet());
    private final SessionSetup setup;
    private final UpgradedConnection connection;
    private final PerMessageDeflate deflate;
    private final Outbound outbound;
    private final Map<String, Object> userProperties = new ConcurrentHashMap<>();
    private final Map<HandlerBinding.Kind, HandlerBinding> handlers = new ConcurrentHashMap<>();
    private final BasicRemote basic;
    private final AsyncRemote async;
    private volatile Coders coders;
    private volatile long maxIdleMillis;
    private volatile int maxTextChars;
    private volatile int maxBinaryBytes;
    private volatile long lastActivityNanos = System.nanoTime();
    /** The reason the session closes with: the first close frame sent or received, or the connection's end. */
    private volatile CloseReason closeReason;
    private volatile boolean peerClosed;
    private volatile boolean ended;

    WsSession(SessionSetup setup, UpgradedConnection connection) {
        this.setup = setup;
        this.connection = connection;
        this.deflate = setup.deflate() == null ? null : new PerMessageDeflate(setup.deflate(), true);
        this.outbound = new Outbound(connection, new WebSocketEncoder(false, deflate),
                () -> lastActivityNanos = System.nanoTime());
        JunicornServerContainer container = setup.container();
        maxIdleMillis = container.getDefaultMaxSessionIdleTimeout();
        maxTextChars = container.getDefaultMaxTextMessageBufferSize();
        maxBinaryBytes = container.getDefaultMaxBinaryMessageBufferSize();
        basic = new BasicRemote(this, outbound);
        async = new AsyncRemote(this, basic, container.getDefaultAsyncSendTimeout(), connection::abort);
    }

    /** The session's whole life; returns when its connection is closed. */
    void run() {
        setup.group().add(this);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // the endpoint's code runs here, and sees its application's loader as during a request
        thread.setContextClassLoader(setup.applicationLoader());
        try {
            if (open()) {
                // after onOpen: a worker already retiring runs the goodbye at once
                connection.onGoingAway(() -> closeQuietly(CloseReason.CloseCodes.GOING_AWAY, "the server is going away"));
                receive();
            }
        } finally {
            setup.group().remove(this);
            ended = true;
            notifyClose();
            if (coders != null) {
                coders.destroy();
            }
            if (deflate != null) {
                deflate.close();
            }
            thread.setContextClassLoader(previous);
        }
    }

    private boolean open() {
        try {
            coders = Coders.open(setup.config());
            setup.endpoint().onOpen(this, setup.config());
            return true;
        } catch (DeploymentException | RuntimeException e) {
            endpointFailed(e);
            return !outbound.closeSent();
        }
    }

    private void receive() {
        WebSocketDecoder decoder = new WebSocketDecoder(true, deflate);
        IncomingMessages incoming = new IncomingMessages(this);
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
        while (!peerClosed) {
            try {
                int count = connection.read(buffer, readTimeout());
                if (count < 0) {
                    ended(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY,
                            "the connection ended without a close frame"));
                    connection.abort();
                    return;
                }
                lastActivityNanos = System.nanoTime();
                buffer.flip();
                decoder.decode(buffer, incoming);
                buffer.compact();
            } catch (SocketTimeoutException e) {
                if (idleFor() >= maxIdleMillis && maxIdleMillis > 0) {
                    closeQuietly(CloseReason.CloseCodes.GOING_AWAY, "idle for more than " + maxIdleMillis + " ms");
                }
            } catch (WebSocketException e) {
                reportError(e);
                endWith(e.closeCode(), e.getMessage());
                return;
            } catch (CloseNow e) {
                endWith(e.code(), e.getMessage());
                return;
            } catch (IOException e) {
                if (!outbound.closeSent()) {
                    reportError(e);
                }
                ended(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "reading failed: " + e.getMessage()));
                connection.abort();
                return;
            }
        }
        connection.closeGracefully();
    }

    private int readTimeout() {
        long idle = maxIdleMillis;
        if (idle <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, idle - idleFor()));
    }

    private long idleFor() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
    }

    /** A violation: our close frame with this code, then the connection ends (we do not wait for the peer's). */
    private void endWith(int code, String reason) {
        closeQuietly(CloseReason.CloseCodes.getCloseCode(code), reason);
        connection.closeGracefully();
    }

    /** The peer's close frame: answered with ours (its code) unless we sent one; the reader then stops. */
    void peerClosed(int code, String reason) throws IOException {
        peerClosed = true;
        CloseReason theirs = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
        outbound.close(code, "");
        ended(theirs);
    }

    private void ended(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    private void notifyClose() {
        CloseReason reason = closeReason != null ? closeReason
                : new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "");
        try {
            setup.endpoint().onClose(this, reason);
        } catch (RuntimeException e) {
            reportError(e);
        }
    }

    /** An exception out of the endpoint's code: onError, then close 1011 (the session cannot be trusted to go on). */
    void endpointFailed(Throwable failure) {
        if (failure instanceof EndpointFailure wrapped) {
            failure = wrapped.getCause();
        }
        reportError(failure);
        closeQuietly(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "the endpoint failed: " + failure);
    }

    void reportError(Throwable failure) {
        Endpoint endpoint = setup.endpoint();
        if (!handlesErrors(endpoint)) {
            logUnhandled(endpoint, failure);
            return;
        }
        try {
            endpoint.onError(this, failure);
        } catch (RuntimeException e) {
            log.warn("WebSocket session {}: onError failed on {}: {}", id, failure, e.toString());
        }
    }

    private static boolean handlesErrors(Endpoint endpoint) {
        if (endpoint instanceof AnnotatedEndpoint annotated) {
            return annotated.handlesErrors();
        }
        try {
            return endpoint.getClass().getMethod("onError", Session.class, Throwable.class).getDeclaringClass()
                    != Endpoint.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * What an endpoint without an error handler is not told goes to the log, as a servlet's exception does: the
     * client's fault (a protocol violation, a connection gone) is ordinary, one DEBUG line, as a bad HTTP request's
     * 400 is; a message the application could not decode is a WARN; the application's own failure an ERROR with
     * its stack.
     */
    private void logUnhandled(Endpoint endpoint, Throwable failure) {
        String endpointName = endpoint instanceof AnnotatedEndpoint ? setup.config().getEndpointClass().getName()
                : endpoint.getClass().getName();
        if (failure instanceof WebSocketException || failure instanceof IOException) {
            log.debug("{}: {}", this, failure.toString());
        } else if (failure instanceof DecodeException) {
            log.warn("{}: {} has no error handler for {}", this, endpointName, failure.toString());
        } else {
            log.error("{}: {} failed and has no error handler", this, endpointName, failure);
        }
    }

    /** A whole message converted and handed to its handler; a DecodeException goes to onError. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void deliver(HandlerBinding binding, Object message) {
        try {
            Object converted = switch (binding.kind()) {
                case TEXT -> MessageConversions.text((String) message, binding.type(), coders);
                case BINARY -> MessageConversions.binary((ByteBuffer) message, binding.type(), coders);
                case PONG -> message;
            };
            ((MessageHandler.Whole) binding.handler()).onMessage(converted);
        } catch (DecodeException e) {
            reportError(e);
        } catch (IOException | RuntimeException e) {
            endpointFailed(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void deliverPart(HandlerBinding binding, Object part, boolean last) {
        try {
            Object converted = part instanceof ByteBuffer buffer && binding.type() == byte[].class
                    ? MessageConversions.bytes(buffer) : part;
            ((MessageHandler.Partial) binding.handler()).onMessage(converted, last);
        } catch (RuntimeException e) {
            endpointFailed(e);
        }
    }

    void answerPing(ByteBuffer payload) throws IOException {
        if (!outbound.closeSent()) {
            outbound.control(WebSocketOpcode.PONG, payload);
        }
    }

    HandlerBinding handler(HandlerBinding.Kind kind) {
        return handlers.get(kind);
    }

    /** Registers a handler whose message type is already known (annotated endpoints, addMessageHandler(Class, ..)). */
    void register(HandlerBinding binding) {
        if (handlers.putIfAbsent(binding.kind(), binding) != null) {
            throw new IllegalStateException("this session already has a " + binding.kind().name().toLowerCase()
                    + " message handler (JSR 356 §2.1.3: one per kind)");
        }
    }

    private void register(Class<?> type, boolean partial, MessageHandler handler) {
        try {
            register(HandlerBinding.of(type, partial, handler, setup.config()));
        } catch (DeploymentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Closes with this reason, answering nothing: for the container's own reasons (idle, going away, failures). */
    void closeQuietly(CloseReason.CloseCode code, String reason) {
        try {
            close(new CloseReason(code, reason));
        } catch (IOException | RuntimeException e) {
            log.debug("WebSocket session {}: sending close {} failed: {}", id, code.getCode(), e.toString());
            ended(new CloseReason(code, reason));
            connection.abort();
        }
    }

    @Override
    public void close(CloseReason reason) throws IOException {
        int code = reason.getCloseCode().getCode();
        if (!CloseCodes.sendable(code)) {
            throw new IllegalArgumentException("the close code " + code + " cannot be sent (RFC 6455 §7.4.1)");
        }
        if (outbound.close(code, reason.getReasonPhrase())) {
            ended(reason);
            // the peer answers a close frame with its own, which ends the reader; one that never does is dropped
            CompletableFuture.delayedExecutor(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
                if (!ended) {
                    connection.abort();
                }
            });
        }
    }

    @Override
    public void close() throws IOException {
        close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
    }

    @Override
    public boolean isOpen() {
        return !ended && !peerClosed && !outbound.closeSent();
    }

    @Override
    public WebSocketContainer getContainer() {
        return setup.container();
    }

    @Override
    public void addMessageHandler(MessageHandler handler) {
        boolean partial = handler instanceof MessageHandler.Partial<?>;
        Class<?> type = GenericTypes.argument(handler.getClass(),
                partial ? MessageHandler.Partial.class : MessageHandler.Whole.class);
        if (type == null) {
            throw new IllegalStateException("cannot tell which messages " + handler.getClass().getName() + " takes (a"
                    + " lambda or a raw type keeps no type argument): use addMessageHandler(Class, handler)");
        }
        register(type, partial, handler);
    }

    @Override
    public <T> void addMessageHandler(Class<T> type, MessageHandler.Whole<T> handler) {
        register(type, false, handler);
    }

    @Override
    public <T> void addMessageHandler(Class<T> type, MessageHandler.Partial<T> handler) {
        register(type, true, handler);
    }

    @Override
    public Set<MessageHandler> getMessageHandlers() {
        Set<MessageHandler> all = new HashSet<>();
        for (HandlerBinding binding : handlers.values()) {
            all.add(binding.handler());
        }
        return all;
    }

    @Override
    public void removeMessageHandler(MessageHandler handler) {
        handlers.values().removeIf(binding -> binding.handler() == handler);
    }

    @Override
    public String getProtocolVersion() {
        return "13";
    }

    @Override
    public String getNegotiatedSubprotocol() {
        return setup.subprotocol();
    }

    @Override
    public List<Extension> getNegotiatedExtensions() {
        return setup.extensions();
    }

    @Override
    public boolean isSecure() {
        return connection.secure();
    }

    @Override
    public long getMaxIdleTimeout() {
        return maxIdleMillis;
    }

    /** Takes effect at the reader's next wait (at once when the session is not reading a message). */
    @Override
    public void setMaxIdleTimeout(long milliseconds) {
        maxIdleMillis = Math.max(0, milliseconds);
    }

    @Override
    public void setMaxBinaryMessageBufferSize(int length) {
        maxBinaryBytes = length;
    }

    @Override
    public int getMaxBinaryMessageBufferSize() {
        return maxBinaryBytes;
    }

    @Override
    public void setMaxTextMessageBufferSize(int length) {
        maxTextChars = length;
    }

    @Override
    public int getMaxTextMessageBufferSize() {
        return maxTextChars;
    }

    @Override
    public RemoteEndpoint.Async getAsyncRemote() {
        return async;
    }

    @Override
    public RemoteEndpoint.Basic getBasicRemote() {
        return basic;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public URI getRequestURI() {
        return setup.requestUri();
    }

    @Override
    public Map<String, List<String>> getRequestParameterMap() {
        return setup.parameterMap();
    }

    @Override
    public String getQueryString() {
        return setup.queryString();
    }

    @Override
    public Map<String, String> getPathParameters() {
        return setup.pathParameters();
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return userProperties;
    }

    @Override
    public Principal getUserPrincipal() {
        return setup.principal();
    }

    @Override
    public Set<Session> getOpenSessions() {
        return setup.group().open();
    }

    Coders coders() {
        return coders;
    }

    @Override
    public String toString() {
        return "WebSocket session " + id + " at " + setup.requestUri();
    }
}
