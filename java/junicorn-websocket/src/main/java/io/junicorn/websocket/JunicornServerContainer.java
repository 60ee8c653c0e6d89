package io.junicorn.websocket;

import io.junicorn.servlet.UpgradeRefused;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * junicorn's Jakarta WebSocket 2.2 ServerContainer, one per ServletContext (its attribute
 * {@code jakarta.websocket.server.ServerContainer}). Endpoints are added while the application deploys; the first
 * request it serves ends that (JSR 356 §6.4), as Tomcat's container does. It accepts connections and never opens
 * them: connectToServer fails, saying so.
 */
public final class JunicornServerContainer implements ServerContainer {
    /** Defaults, each documented in docs/websocket.md ("The Jakarta WebSocket container"). */
    static final int DEFAULT_MAX_MESSAGE_BUFFER = 64 * 1024;
    static final long DEFAULT_ASYNC_SEND_TIMEOUT_MILLIS = 20_000;

    private final ClassLoader applicationLoader;
    private final EndpointRegistry registry = new EndpointRegistry();
    private final Map<Class<?>, AnnotatedEndpointModel> models = new ConcurrentHashMap<>();
    private final Map<GroupKey, SessionGroup> groups = new ConcurrentHashMap<>();
    private volatile boolean deploying = true;
    private volatile long asyncSendTimeoutMillis = DEFAULT_ASYNC_SEND_TIMEOUT_MILLIS;
    private volatile long maxIdleMillis;
    private volatile int maxTextChars = DEFAULT_MAX_MESSAGE_BUFFER;
    private volatile int maxBinaryBytes = DEFAULT_MAX_MESSAGE_BUFFER;

    /** Sessions of one endpoint: what Session.getOpenSessions returns. */
    private record GroupKey(Class<?> endpointClass, String path) {
    }

    /** @param applicationLoader the context class loader the endpoints' code runs with */
    public JunicornServerContainer(ClassLoader applicationLoader) {
        this.applicationLoader = applicationLoader;
    }

    @Override
    public void addEndpoint(Class<?> endpointClass) throws DeploymentException {
        requireDeploying(endpointClass);
        deploy(AnnotatedEndpoints.config(endpointClass));
    }

    @Override
    public void addEndpoint(ServerEndpointConfig config) throws DeploymentException {
        requireDeploying(config.getEndpointClass());
        deploy(config);
    }

    private void deploy(ServerEndpointConfig config) throws DeploymentException {
        PathTemplate template = PathTemplate.parse(config.getPath());
        endpointOf(config, template);
        Configurators.prime(config.getConfigurator());
        registry.add(config);
        WsSession.log.debug("WebSocket endpoint {} deployed at {}", config.getEndpointClass().getName(),
                config.getPath());
    }

    /** Checks the endpoint class and, for an annotated one, builds and keeps its model. */
    private void endpointOf(ServerEndpointConfig config, PathTemplate template) throws DeploymentException {
        Class<?> endpointClass = config.getEndpointClass();
        if (endpointClass == null) {
            throw new DeploymentException("the ServerEndpointConfig for " + config.getPath() + " has no endpoint class");
        }
        if (Endpoint.class.isAssignableFrom(endpointClass)) {
            if (Modifier.isAbstract(endpointClass.getModifiers())) {
                throw new DeploymentException("the endpoint " + endpointClass.getName() + " is abstract");
            }
            return;
        }
        model(endpointClass, config, template);
    }

    AnnotatedEndpointModel model(Class<?> endpointClass, ServerEndpointConfig config, PathTemplate template)
            throws DeploymentException {
        AnnotatedEndpointModel model = models.get(endpointClass);
        if (model == null) {
            model = AnnotatedEndpointModel.of(endpointClass, config, template.variables());
            models.put(endpointClass, model);
        }
        return model;
    }

    private void requireDeploying(Class<?> endpointClass) {
        if (!deploying) {
            throw new IllegalStateException("endpoints are added while the application deploys (JSR 356 §6.4); this"
                    + " ServletContext already serves requests, so " + (endpointClass == null ? "the endpoint"
                    : endpointClass.getName()) + " is not added");
        }
    }

    /** The application serves: its endpoints are all there. */
    void endDeployment() {
        deploying = false;
    }

    EndpointRegistry.Match match(String path) {
        return registry.isEmpty() ? null : registry.match(path);
    }

    boolean isEmpty() {
        return registry.isEmpty();
    }

    SessionGroup group(ServerEndpointConfig config) {
        return groups.computeIfAbsent(new GroupKey(config.getEndpointClass(), config.getPath()),
                key -> new SessionGroup());
    }

    ClassLoader applicationLoader() {
        return applicationLoader;
    }

    /** What Spring's StandardWebSocketUpgradeStrategy calls: a handshake for this config, with these variables. */
    @Override
    public void upgradeHttpToWebSocket(Object httpServletRequest, Object httpServletResponse,
                                       ServerEndpointConfig config, Map<String, String> pathParameters)
            throws IOException, DeploymentException {
        if (!(httpServletRequest instanceof HttpServletRequest request)
                || !(httpServletResponse instanceof HttpServletResponse response)) {
            throw new IllegalArgumentException("upgradeHttpToWebSocket takes an HttpServletRequest and an"
                    + " HttpServletResponse");
        }
        PathTemplate template = PathTemplate.parse(config.getPath().startsWith("/") ? config.getPath() : "/");
        endpointOf(config, template);
        Configurators.prime(config.getConfigurator());
        try {
            Handshake.upgrade(this, request, response, config, pathParameters == null ? Map.of() : pathParameters);
        } catch (UpgradeRefused e) {
            // the caller (Spring's upgrade strategy) would turn any exception into a 500: answered here instead, as
            // junicorn's Servlet container answers an UpgradeRefused that escapes a servlet
            WsSession.log.warn("WebSocket upgrade refused: {}", e.getMessage());
            response.reset();
            Handshake.refuse(response, HttpServletResponse.SC_NOT_IMPLEMENTED, e.getMessage());
        } catch (ServletException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Every open session closes with 1001 Going Away: the application is stopping. */
    void closeAll(String reason) {
        for (SessionGroup group : groups.values()) {
            for (WsSession session : group.all()) {
                session.closeQuietly(CloseReason.CloseCodes.GOING_AWAY, reason);
            }
        }
    }

    @Override
    public long getDefaultAsyncSendTimeout() {
        return asyncSendTimeoutMillis;
    }

    @Override
    public void setAsyncSendTimeout(long timeoutMillis) {
        asyncSendTimeoutMillis = timeoutMillis;
    }

    @Override
    public long getDefaultMaxSessionIdleTimeout() {
        return maxIdleMillis;
    }

    @Override
    public void setDefaultMaxSessionIdleTimeout(long timeoutMillis) {
        maxIdleMillis = Math.max(0, timeoutMillis);
    }

    @Override
    public int getDefaultMaxBinaryMessageBufferSize() {
        return maxBinaryBytes;
    }

    @Override
    public void setDefaultMaxBinaryMessageBufferSize(int max) {
        maxBinaryBytes = max;
    }

    @Override
    public int getDefaultMaxTextMessageBufferSize() {
        return maxTextChars;
    }

    @Override
    public void setDefaultMaxTextMessageBufferSize(int max) {
        maxTextChars = max;
    }

    @Override
    public Set<Extension> getInstalledExtensions() {
        return Set.of(new InstalledExtension(InstalledExtension.PERMESSAGE_DEFLATE, List.of()));
    }

    @Override
    public Session connectToServer(Object annotatedEndpointInstance, URI path) throws DeploymentException {
        throw serverOnly(path);
    }

    @Override
    public Session connectToServer(Class<?> annotatedEndpointClass, URI path) throws DeploymentException {
        throw serverOnly(path);
    }

    @Override
    public Session connectToServer(Endpoint endpointInstance, ClientEndpointConfig config, URI path)
            throws DeploymentException {
        throw serverOnly(path);
    }

    @Override
    public Session connectToServer(Class<? extends Endpoint> endpointClass, ClientEndpointConfig config, URI path)
            throws DeploymentException {
        throw serverOnly(path);
    }

    private static DeploymentException serverOnly(URI path) {
        return new DeploymentException("junicorn's WebSocket container is server-only: it accepts WebSocket"
                + " connections and does not open them (to " + path + "); use java.net.http.WebSocket or a Jakarta"
                + " WebSocket client implementation (Tyrus, Tomcat's) for outgoing connections");
    }

    /** For tests and logs: the open sessions of every endpoint. */
    Set<Session> openSessions() {
        Set<Session> open = new HashSet<>();
        for (SessionGroup group : groups.values()) {
            open.addAll(group.open());
        }
        return open;
    }

    /** The annotated endpoint's config from its @ServerEndpoint. */
    static final class AnnotatedEndpoints {
        private AnnotatedEndpoints() {
        }

        static ServerEndpointConfig config(Class<?> endpointClass) throws DeploymentException {
            ServerEndpoint annotation = endpointClass.getAnnotation(ServerEndpoint.class);
            if (annotation == null) {
                throw new DeploymentException(endpointClass.getName() + " is not annotated @ServerEndpoint");
            }
            ServerEndpointConfig.Configurator configurator;
            if (annotation.configurator() == ServerEndpointConfig.Configurator.class) {
                configurator = new DefaultConfigurator();
            } else {
                try {
                    configurator = annotation.configurator().getConstructor().newInstance();
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new DeploymentException("cannot create the configurator " + annotation.configurator().getName()
                            + " of " + endpointClass.getName() + ": " + e, e);
                }
            }
            return ServerEndpointConfig.Builder.create(endpointClass, annotation.value())
                    .subprotocols(List.of(annotation.subprotocols()))
                    .decoders(List.of(annotation.decoders()))
                    .encoders(List.of(annotation.encoders()))
                    .configurator(configurator)
                    .build();
        }
    }
}
