package io.junicorn.examples.jerseyservlet;

import jakarta.ws.rs.ApplicationPath;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * A JAX-RS application served by Jersey's servlet container: junicorn registers Jersey's ServletContainer for
 * it at its @ApplicationPath. Run it with
 * {@code junicorn -w 2 --class-path 'dist/examples/jersey-servlet/*' io.junicorn.examples.jerseyservlet.JerseyApp}.
 */
@ApplicationPath("/api")
public final class JerseyApp extends ResourceConfig {
    public JerseyApp() {
        register(ItemResource.class);
        register(ServedByFilter.class);
        register(BadRequestMapper.class);
        register(JacksonFeature.class);
        // WADL needs a JAXB implementation this example does not ship; without this Jersey warns at each start
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
    }
}
