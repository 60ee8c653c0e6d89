package io.junicorn.websocket;

import io.junicorn.http.websocket.PerMessageDeflate;
import jakarta.websocket.Endpoint;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * What the handshake settled for one session, handed to the upgrade handler, which opens the session once the 101
 * is on the wire.
 *
 * @param endpoint    the endpoint instance (an annotated one wrapped in {@link AnnotatedEndpoint})
 * @param deflate     the permessage-deflate parameters agreed on, or null
 * @param group       the endpoint's open sessions (Session.getOpenSessions)
 * @param applicationLoader the context class loader the endpoint's code runs with
 */
record SessionSetup(JunicornServerContainer container, ServerEndpointConfig config, Endpoint endpoint,
                    Map<String, String> pathParameters, URI requestUri, String queryString,
                    Map<String, List<String>> parameterMap, Principal principal, String subprotocol,
                    List<Extension> extensions, PerMessageDeflate.Agreement deflate, SessionGroup group,
                    ClassLoader applicationLoader) {
}
