package io.junicorn.examples.jersey;

import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;

/** The JAX-RS application: its resources, JSON through Jackson, an exception mapper and a response filter. */
public class ExampleApp extends ResourceConfig {
    public ExampleApp() {
        register(JacksonFeature.class);
        register(GreetingResource.class);
        register(ItemResource.class);
        register(FormResource.class);
        register(CookieResource.class);
        register(InvalidItemMapper.class);
        register(PoweredByFilter.class);
    }
}
