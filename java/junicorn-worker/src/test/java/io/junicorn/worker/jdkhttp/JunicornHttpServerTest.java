package io.junicorn.worker.jdkhttp;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The HttpServer contract, with the JDK's exceptions and messages. */
class JunicornHttpServerTest {
    private static final HttpHandler NOTHING = exchange -> exchange.close();

    private static JunicornHttpServer server() {
        return (JunicornHttpServer) new JunicornServerProvider().createHttpServer(new InetSocketAddress(8080), 0);
    }

    @Test
    void providerIsJunicornsInAWorker() throws java.io.IOException {
        assertSame(JunicornServerProvider.class, com.sun.net.httpserver.spi.HttpServerProvider.provider().getClass(),
                "found through junicorn-worker.jar's META-INF/services");
        assertSame(JunicornHttpServer.class, HttpServer.create().getClass());
    }

    @Test
    void contextsAsTheJdkKeepsThem() {
        JunicornHttpServer server = server();
        assertEquals("Illegal value for path or protocol",
                assertThrows(IllegalArgumentException.class, () -> server.createContext("api", NOTHING)).getMessage());
        assertThrows(NullPointerException.class, () -> server.createContext(null, NOTHING));
        assertThrows(NullPointerException.class, () -> server.createContext("/", null));
        HttpContext root = server.createContext("/", NOTHING);
        assertSame(server, root.getServer());
        assertEquals("cannot add context to list",
                assertThrows(IllegalArgumentException.class, () -> server.createContext("/", NOTHING)).getMessage());
        HttpContext api = server.createContext("/api");
        assertNull(api.getHandler());
        api.setHandler(NOTHING);
        assertEquals("handler already set",
                assertThrows(IllegalArgumentException.class, () -> api.setHandler(NOTHING)).getMessage());
        server.removeContext("/api");
        assertEquals("cannot remove element from list",
                assertThrows(IllegalArgumentException.class, () -> server.removeContext("/api")).getMessage());
        assertEquals("no such context in list",
                assertThrows(IllegalArgumentException.class, () -> server.removeContext(api)).getMessage());
        HttpContext another = server().createContext("/");
        assertEquals("no such context in list",
                assertThrows(IllegalArgumentException.class, () -> server.removeContext(another)).getMessage());
    }

    @Test
    void longestPrefixIsAPlainStringPrefix() {
        JunicornHttpServer server = server();
        server.createContext("/", NOTHING);
        server.createContext("/app", NOTHING);
        server.createContext("/app/v2", NOTHING);
        assertEquals("/", server.longestPrefix("/other").getPath());
        assertEquals("/app", server.longestPrefix("/app").getPath());
        assertEquals("/app", server.longestPrefix("/apple").getPath());
        assertEquals("/app/v2", server.longestPrefix("/app/v2/x").getPath());
        server.removeContext("/");
        assertNull(server.longestPrefix("/other"));
    }

    @Test
    void lifecycle() {
        JunicornHttpServer server = server();
        assertEquals(new InetSocketAddress(8080), server.getAddress(), "no listener adopted in a unit test");
        server.setExecutor(Runnable::run);
        assertThrows(IllegalArgumentException.class, () -> server.stop(-1));
        server.stop(0);
        assertEquals("server in wrong state", assertThrows(IllegalStateException.class, server::start).getMessage());
    }
}
