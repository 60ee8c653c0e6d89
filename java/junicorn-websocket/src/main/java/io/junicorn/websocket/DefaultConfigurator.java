package io.junicorn.websocket;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's default ServerEndpointConfig.Configurator, which the API's own Configurator delegates to
 * (META-INF/services/jakarta.websocket.server.ServerEndpointConfig$Configurator): the client's first subprotocol
 * the endpoint supports, the requested extensions that are installed, every origin, no change to the handshake,
 * and a new instance of the endpoint class per session.
 */
public class DefaultConfigurator extends ServerEndpointConfig.Configurator {
    @Override
    public ServerEndpointConfig.Configurator getContainerDefaultConfigurator() {
        return this;
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        for (String protocol : requested) {
            if (supported.contains(protocol)) {
                return protocol;
            }
        }
        return "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        List<Extension> negotiated = new ArrayList<>();
        for (Extension extension : requested) {
            if (installed.stream().anyMatch(available -> available.getName().equals(extension.getName()))) {
                negotiated.add(extension);
            }
        }
        return negotiated;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
        try {
            return endpointClass.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw instantiation(endpointClass, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw instantiation(endpointClass, e);
        }
    }

    private static InstantiationException instantiation(Class<?> endpointClass, Throwable cause) {
        InstantiationException failure = new InstantiationException("cannot create the endpoint "
                + endpointClass.getName() + " (it needs a public no-argument constructor, or a configurator whose"
                + " getEndpointInstance makes it): " + cause);
        failure.initCause(cause);
        return failure;
    }
}
