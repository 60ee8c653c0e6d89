package io.junicorn.websocket;

import io.junicorn.http.websocket.WebSocketHandshake;
import jakarta.websocket.Extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An extension as the API describes it: a name and its parameters, in order. */
record InstalledExtension(String getName, List<Extension.Parameter> getParameters) implements Extension {
    /** The extension junicorn implements: permessage-deflate (RFC 7692) through the codec's PerMessageDeflate. */
    static final String PERMESSAGE_DEFLATE = "permessage-deflate";

    record Parameter(String getName, String getValue) implements Extension.Parameter {
    }

    static Extension of(WebSocketHandshake.ExtensionOffer offer) {
        List<Extension.Parameter> parameters = new ArrayList<>();
        for (Map.Entry<String, String> parameter : offer.parameters().entrySet()) {
            parameters.add(new Parameter(parameter.getKey(), parameter.getValue()));
        }
        return new InstalledExtension(offer.name(), List.copyOf(parameters));
    }

    /** The extension a Sec-WebSocket-Extensions response value describes ("name; a=1; b"). */
    static Extension parse(String headerValue) {
        List<WebSocketHandshake.ExtensionOffer> offers = WebSocketHandshake.extensions(List.of(headerValue));
        return offers.isEmpty() ? new InstalledExtension(headerValue.trim(), List.of()) : of(offers.getFirst());
    }

    /** The offer the codec negotiates over, from an API extension. */
    static WebSocketHandshake.ExtensionOffer offerOf(Extension extension) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        for (Extension.Parameter parameter : extension.getParameters()) {
            parameters.put(parameter.getName(), parameter.getValue());
        }
        return new WebSocketHandshake.ExtensionOffer(extension.getName(), parameters);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(getName);
        for (Extension.Parameter parameter : getParameters) {
            text.append("; ").append(parameter.getName());
            if (parameter.getValue() != null) {
                text.append('=').append(parameter.getValue());
            }
        }
        return text.toString();
    }
}
