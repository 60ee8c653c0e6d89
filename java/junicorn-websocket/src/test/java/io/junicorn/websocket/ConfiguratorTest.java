package io.junicorn.websocket;

import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfiguratorTest {
    /**
     * Under a context loader that does not see junicorn's service files (an application's, were SharedApi not to
     * share them), the API's own Configurator still finds the container's default: the container had it look it up
     * first.
     */
    @Test
    void theApiConfiguratorFindsTheDefaultUnderAnApplicationsLoader() throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            // an application's configurator (Spring's ServerEndpointRegistration is one) looks the default up lazily
            ServerEndpointConfig unprimed = ServerEndpointConfig.Builder.create(PathTemplateTest.Plain.class, "/a")
                    .configurator(new ServerEndpointConfig.Configurator() { }).build();
            ServerEndpointConfig primed = ServerEndpointConfig.Builder.create(PathTemplateTest.Plain.class, "/b")
                    .configurator(new ServerEndpointConfig.Configurator() { }).build();
            new JunicornServerContainer(previous).addEndpoint(primed);
            thread.setContextClassLoader(application);
            assertThrows(RuntimeException.class, () -> unprimed.getConfigurator().checkOrigin("http://a"),
                    "the API's lookup alone fails under such a loader");
            assertTrue(primed.getConfigurator().checkOrigin("http://a"));
            assertEquals("b", primed.getConfigurator().getNegotiatedSubprotocol(List.of("b", "c"), List.of("x", "b", "c")));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void theDefaultNegotiatesWhatIsInstalled() {
        DefaultConfigurator configurator = new DefaultConfigurator();
        assertEquals("", configurator.getNegotiatedSubprotocol(List.of("a"), List.of("b")));
        Extension deflate = new InstalledExtension("permessage-deflate", List.of());
        Extension offered = new InstalledExtension("permessage-deflate",
                List.of(new InstalledExtension.Parameter("client_max_window_bits", null)));
        Extension unknown = new InstalledExtension("x-unknown", List.of());
        assertEquals(List.of(offered), configurator.getNegotiatedExtensions(List.of(deflate), List.of(unknown, offered)));
        assertEquals("permessage-deflate; client_max_window_bits", offered.toString());
    }
}
